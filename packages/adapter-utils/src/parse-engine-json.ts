import { type ErrorContext, excerptBody, TaskError } from '@orch/adapter-api';
import type { z } from 'zod';

/** Who sent a payload, for the error message and context of {@link parseEngineJson}. */
export interface EnginePayloadContext {
  /** Engine kind. */
  engine: string;
  /** Replica URL without credentials. */
  replica?: string;
  /** What the payload is, for the message (e.g. `/props answer`, `stream event`). */
  what?: string;
  /** Secrets to keep out of the body excerpt. */
  secrets?: readonly string[];
}

function summariseIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function whatOf(context: EnginePayloadContext): string {
  return context.what ?? 'payload';
}

/** The error context, built only on failure: the redacted excerpt costs more than parsing a small payload. */
function errorContextOf(text: string, context: EnginePayloadContext): ErrorContext {
  return {
    engine: context.engine,
    ...(context.replica === undefined ? {} : { replica: context.replica }),
    body: excerptBody(text, 512, context.secrets),
  };
}

/**
 * Parses and validates a JSON payload from an engine. Text that is not JSON, or JSON of the wrong shape,
 * throws an `engine_protocol_error` TaskError naming the payload, with a redacted excerpt in its context.
 */
export function parseEngineJson<T>(schema: z.ZodType<T>, text: string, context: EnginePayloadContext): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TaskError(
      'engine_protocol_error',
      `${context.engine} sent a ${whatOf(context)} that is not JSON: ${excerptBody(text, 120, context.secrets)}`,
      { context: errorContextOf(text, context), cause: error },
    );
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new TaskError(
      'engine_protocol_error',
      `${context.engine} sent an unexpected ${whatOf(context)}: ${summariseIssues(result.error)}`,
      { context: errorContextOf(text, context), cause: result.error },
    );
  }
  return result.data;
}
