import { type ResponseFormat, TaskError } from '@orch/adapter-api';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { compileLinearTimeRegExp } from './linear-time-regexp.js';

/** Largest accepted schema, as JSON text, unless the config says otherwise (ORCH-API-020, ORCH-SEC-011). */
export const MAX_SCHEMA_BYTES = 32 * 1024;
/** Deepest accepted nesting of objects and arrays in a schema (ORCH-API-020). */
export const MAX_SCHEMA_DEPTH = 32;
/**
 * Most JSON objects a schema may hold, unless the config says otherwise (ORCH-SEC-011). Ajv's compile time
 * grows with the number of subschemas (about 0.3 ms each on a 2-core test machine): this bounds the worst
 * compile at a few tens of milliseconds.
 */
export const MAX_SCHEMA_NODES = 256;
/** Compiled schemas kept for reuse (tasks with the same schema share one validator). */
const CACHE_SIZE = 128;
/** Validation errors reported at most. */
const MAX_ERRORS = 10;

/** The bounds on one schema's size and compile cost (`server.structured_output`). */
export interface SchemaLimits {
  maxSchemaBytes: number;
  maxSchemaNodes: number;
}

const DEFAULT_LIMITS: SchemaLimits = { maxSchemaBytes: MAX_SCHEMA_BYTES, maxSchemaNodes: MAX_SCHEMA_NODES };

/** Checks a parsed JSON value against a response format: the list of problems, empty when it satisfies it. */
export type ResponseFormatCheck = (value: unknown) => string[];

// `strict: false`: schemas written for engines carry annotations Ajv does not know; `validateFormats: false`:
// engines do not enforce `format` either, so the check would refuse what the grammar allowed.
const SHARED_OPTIONS: Options = { strict: false, validateFormats: false, logger: false, allErrors: false };
// One Ajv instance per compiled schema (ORCH-SEC-013, ORCH-SEC-014): an instance keeps every schema, validator
// and pattern it ever compiled in its code scope, whatever `removeSchema` says, and registers `$id`s; a fresh
// one per schema goes with its LRU entry and sees no other request's ids. Without meta-schemas it costs about
// 1 ms; the schema is checked against its meta-schema by the shared instances below, which compile nothing.
// Patterns run on RE2 (ORCH-SEC-012).
const COMPILE_OPTIONS: Options = {
  ...SHARED_OPTIONS,
  meta: false,
  validateSchema: false,
  addUsedSchema: false,
  code: { regExp: compileLinearTimeRegExp },
};
const draft07Meta = new Ajv(SHARED_OPTIONS);
const draft2020Meta = new Ajv2020(SHARED_OPTIONS);
/** The LRU of compiled checks by schema text: the only holder of a compiled schema once its tasks ended. */
const cache = new Map<string, ResponseFormatCheck>();
/** The check of a format object already compiled (a task's own format, compiled at admission). */
const compiledFormats = new WeakMap<ResponseFormat, ResponseFormatCheck>();

function invalid(message: string): TaskError {
  return new TaskError('invalid_request', `Invalid task: response_format.schema: ${message}`);
}

/** Nesting depth and object count of a schema, stopping as soon as either exceeds its limit. */
function measureSchema(value: unknown, limits: { depth: number; nodes: number }) {
  let deepest = 0;
  let nodes = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (!Array.isArray(node)) nodes += 1;
    deepest = Math.max(deepest, depth);
    if (deepest > limits.depth || nodes > limits.nodes) break;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return { depth: deepest, nodes };
}

/** Checks the schema against its draft's meta-schema, then compiles it in an Ajv instance of its own. */
function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const is2020 = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12');
  const meta = is2020 ? draft2020Meta : draft07Meta;
  let problem: string | undefined;
  try {
    if (meta.validateSchema(schema) !== true) problem = meta.errorsText(meta.errors, { dataVar: 'schema' });
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem !== undefined) throw invalid(`not a valid JSON Schema: ${problem}`);
  try {
    return (is2020 ? new Ajv2020(COMPILE_OPTIONS) : new Ajv(COMPILE_OPTIONS)).compile(schema);
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
 * JSON object within the size limits (bytes of JSON text, objects, {@link MAX_SCHEMA_DEPTH} levels) that Ajv
 * accepts as a JSON Schema (draft-07, or 2020-12 when `$schema` names it; no remote `$ref`; patterns RE2 can
 * run); anything else is an `invalid_request` TaskError. Compiled schemas are cached by their JSON text; the
 * same format object asks again for free (the task's run reads its check this way).
 */
export function compileResponseFormat(
  format: ResponseFormat,
  limits: SchemaLimits = DEFAULT_LIMITS,
): ResponseFormatCheck {
  if (format.type === 'json_object') return checkJsonObject;
  const known = compiledFormats.get(format);
  if (known !== undefined) return known;
  const schema: unknown = format.schema;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw invalid('expected a JSON object');
  }
  const text = JSON.stringify(schema);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxSchemaBytes) {
    throw invalid(`${bytes} bytes exceed the limit of ${limits.maxSchemaBytes}`);
  }
  const measured = measureSchema(schema, { depth: MAX_SCHEMA_DEPTH, nodes: limits.maxSchemaNodes });
  if (measured.depth > MAX_SCHEMA_DEPTH) throw invalid(`nested deeper than ${MAX_SCHEMA_DEPTH} levels`);
  if (measured.nodes > limits.maxSchemaNodes) {
    throw invalid(`more than ${limits.maxSchemaNodes} subschemas (objects), the limit`);
  }
  let check = cache.get(text);
  if (check !== undefined) {
    // Most recently used goes last: eviction takes the oldest.
    cache.delete(text);
  } else {
    const validate = compileSchema(schema as Record<string, unknown>);
    check = (value) => (validate(value) ? [] : describeErrors(validate));
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  cache.set(text, check);
  compiledFormats.set(format, check);
  return check;
}

/** Compiled schemas held by the cache now (for tests of its bound). */
export function countCachedSchemas(): number {
  return cache.size;
}
