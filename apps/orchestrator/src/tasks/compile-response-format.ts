import { type ResponseFormat, TaskError } from '@orch/adapter-api';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** Largest accepted schema, as JSON text (ORCH-API-020). */
export const MAX_SCHEMA_BYTES = 32 * 1024;
/** Deepest accepted nesting of objects and arrays in a schema (ORCH-API-020). */
export const MAX_SCHEMA_DEPTH = 32;
/** Compiled schemas kept for reuse (tasks with the same schema share one validator). */
const CACHE_SIZE = 128;
/** Validation errors reported at most. */
const MAX_ERRORS = 10;

/** Checks a parsed JSON value against a response format: the list of problems, empty when it satisfies it. */
export type ResponseFormatCheck = (value: unknown) => string[];

// `strict: false`: schemas written for engines carry annotations Ajv does not know; `validateFormats: false`:
// engines do not enforce `format` either, so the check would refuse what the grammar allowed.
const AJV_OPTIONS = { strict: false, validateFormats: false, logger: false, allErrors: false } as const;
const draft07 = new Ajv(AJV_OPTIONS);
const draft2020 = new Ajv2020(AJV_OPTIONS);
const cache = new Map<string, ResponseFormatCheck>();

function invalid(message: string): TaskError {
  return new TaskError('invalid_request', `Invalid task: response_format.schema: ${message}`);
}

function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const ajv = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12') ? draft2020 : draft07;
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw invalid(`not a valid JSON Schema: ${(error as Error).message}`);
  }
}

function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? [])
    .slice(0, MAX_ERRORS)
    .map(
      (error) => `${error.instancePath === '' ? '/' : error.instancePath} ${error.message ?? 'is invalid'}`,
    );
}

function checkJsonObject(value: unknown): string[] {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? []
    : ['/ must be a JSON object'];
}

/**
 * Compiles a task's response format into a check of the final JSON value (ORCH-API-020): the schema must be a
 * JSON object of at most {@link MAX_SCHEMA_BYTES} bytes and {@link MAX_SCHEMA_DEPTH} levels that Ajv accepts
 * as a JSON Schema (draft-07, or 2020-12 when `$schema` names it; no remote `$ref`); anything else is an
 * `invalid_request` TaskError. Compiled schemas are cached by their JSON text.
 */
export function compileResponseFormat(format: ResponseFormat): ResponseFormatCheck {
  if (format.type === 'json_object') return checkJsonObject;
  const schema: unknown = format.schema;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw invalid('expected a JSON object');
  }
  const text = JSON.stringify(schema);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCHEMA_BYTES) throw invalid(`${bytes} bytes exceed the limit of ${MAX_SCHEMA_BYTES}`);
  const depth = depthOf(schema, MAX_SCHEMA_DEPTH);
  if (depth > MAX_SCHEMA_DEPTH) throw invalid(`nested deeper than ${MAX_SCHEMA_DEPTH} levels`);
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const validate = compileSchema(schema as Record<string, unknown>);
  const check: ResponseFormatCheck = (value) => (validate(value) ? [] : describeErrors(validate));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(text, check);
  return check;
}
