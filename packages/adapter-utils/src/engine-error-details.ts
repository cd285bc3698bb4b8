import { z } from 'zod';

/** What an engine said about a failure, read from its error body. */
export interface EngineErrorDetails {
  /** The engine's human-readable message. */
  message?: string;
  /** The engine's error type or code as it wrote it (`exceed_context_size_error`, `validation`…). */
  engineCode?: string;
  /** A status the body itself carries (llama.cpp `error.code`, TGI `http_status_code`), when it has one. */
  status?: number;
}

/**
 * Reads an engine's error body. Returns `undefined` when the body is not of the engine's shape (an HTML page
 * from a proxy, an empty body): the caller then falls back to a body excerpt.
 */
export type EngineErrorBodyParser = (bodyText: string) => EngineErrorDetails | undefined;

/**
 * Builds an {@link EngineErrorBodyParser} from a zod schema of the engine's error body and a function that
 * picks the details out of a validated body. Bodies that are not JSON or fail the schema give `undefined`.
 */
export function createErrorBodyParser<T>(
  schema: z.ZodType<T>,
  extract: (body: T) => EngineErrorDetails,
): EngineErrorBodyParser {
  return (bodyText) => {
    let json: unknown;
    try {
      json = JSON.parse(bodyText);
    } catch {
      return undefined;
    }
    const result = schema.safeParse(json);
    return result.success ? extract(result.data) : undefined;
  };
}

const codeSchema = z.union([z.string(), z.number()]).nullish();

const nestedErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().nullish(),
    code: codeSchema,
    http_status_code: z.number().int().optional(),
  }),
});
const flatErrorStringSchema = z.object({ error: z.string(), error_type: z.string().optional() });
const flatMessageSchema = z.object({ message: z.string(), type: z.string().nullish(), code: codeSchema });
const detailSchema = z.object({ detail: z.string() });

function stringCode(code: string | number | null | undefined): string | undefined {
  return typeof code === 'string' && code.length > 0 ? code : undefined;
}

function numericCode(code: string | number | null | undefined): number | undefined {
  return typeof code === 'number' && Number.isInteger(code) ? code : undefined;
}

function withoutUndefined(details: EngineErrorDetails): EngineErrorDetails {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}

/**
 * Reads the error bodies most engines send:
 * - `{"error":{"message","type","code"}}`: OpenAI, vLLM ≥ 0.10.1, llama.cpp (where `code` is the HTTP status),
 *   TGI chat (`http_status_code`);
 * - `{"error":"…","error_type":"…"}`: TGI native, Ollama, Triton;
 * - `{"message","type","code"}`: vLLM before 0.10.1;
 * - `{"detail":"…"}`: FastAPI defaults.
 * For a string `code` (OpenAI's `context_length_exceeded`) the code wins over `type` as `engineCode`.
 */
export const parseCommonErrorBody: EngineErrorBodyParser = (bodyText) => {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const nested = nestedErrorSchema.safeParse(json);
  if (nested.success) {
    const error = nested.data.error;
    return withoutUndefined({
      message: error.message,
      engineCode: stringCode(error.code) ?? error.type ?? undefined,
      status: error.http_status_code ?? numericCode(error.code),
    });
  }
  const flatString = flatErrorStringSchema.safeParse(json);
  if (flatString.success) {
    return withoutUndefined({ message: flatString.data.error, engineCode: flatString.data.error_type });
  }
  const flatMessage = flatMessageSchema.safeParse(json);
  if (flatMessage.success) {
    const body = flatMessage.data;
    return withoutUndefined({
      message: body.message,
      engineCode: stringCode(body.code) ?? body.type ?? undefined,
      status: numericCode(body.code),
    });
  }
  const detail = detailSchema.safeParse(json);
  return detail.success ? { message: detail.data.detail } : undefined;
};
