import type { ResponseFormat } from '@orch/adapter-api';

type Schema = Record<string, unknown>;

const MAX_DEPTH = 8;
const PIECE_LENGTH = 4;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exampleString(schema: Schema): string {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  return 'mock'.padEnd(minLength, 'k');
}

function exampleArray(schema: Schema, seed: number, depth: number): unknown[] {
  const minItems = typeof schema.minItems === 'number' ? Math.min(schema.minItems, 16) : 0;
  const items = isSchema(schema.items) ? schema.items : {};
  return Array.from({ length: minItems }, (_, index) => exampleValue(items, seed + index, depth + 1));
}

function exampleObject(schema: Schema, seed: number, depth: number): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const value: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    value[name] = exampleValue(isSchema(property) ? property : {}, seed + name.length, depth + 1);
  }
  return value;
}

/** A value that satisfies the common keywords of `schema` (type, enum, const, properties, items, anyOf…). */
function exampleValue(schema: Schema, seed: number, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[seed % schema.enum.length];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && isSchema(options[0])) return exampleValue(options[0], seed, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'boolean':
      return seed % 2 === 0;
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : seed % 100;
    case 'string':
      return exampleString(schema);
    case 'array':
      return exampleArray(schema, seed, depth);
    case 'null':
      return null;
    default:
      return exampleObject(schema, seed, depth);
  }
}

/**
 * The mock engine's structured output: a JSON document that satisfies the response format (an example
 * instance of the schema's common keywords; `{"mock": true}` for `json_object`), in pieces of a few
 * characters. The sequence ends with the document, as a constrained engine ends with end-of-sequence.
 */
export function* generateMockJsonPieces(format: ResponseFormat, seed: number): Generator<string> {
  const value = format.type === 'json_schema' ? exampleValue(format.schema, seed, 0) : { mock: true };
  const text = JSON.stringify(value);
  for (let start = 0; start < text.length; start += PIECE_LENGTH) {
    yield text.slice(start, start + PIECE_LENGTH);
  }
}
