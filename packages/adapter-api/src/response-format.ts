/**
 * Structured output a task asks for: any JSON object (`json_object`), or JSON that satisfies a JSON Schema
 * (`json_schema`). Adapters map it to the engine's constrained decoding; the orchestrator validates the
 * final text and reports the result in `end.structured_output`.
 */
export type ResponseFormat =
  | {
      /** Any JSON object. */
      type: 'json_object';
    }
  | {
      /** JSON that satisfies `schema`. */
      type: 'json_schema';
      /** The JSON Schema (an object; draft-07 unless `$schema` names 2020-12). */
      schema: Record<string, unknown>;
      /** A name for the schema where an engine wants one (OpenAI `json_schema.name`); default `response`. */
      name?: string;
    };
