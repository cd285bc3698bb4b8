import { redactSecrets, TaskError } from '@orch/adapter-api';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** Finds the system error code (`ECONNREFUSED`…) of a failure, also when it is wrapped as a `cause`. */
export function findNetworkErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.length > 0) return code;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) {
    for (const inner of nested) {
      const found = findNetworkErrorCode(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return findNetworkErrorCode((error as { cause?: unknown }).cause, depth + 1);
}

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof AggregateError && cause.errors[0] instanceof Error) return cause.errors[0].message;
  return cause instanceof Error ? cause.message : String(cause);
}

/** True for the errors raised when the server cannot be reached or the connection breaks (node:http or fetch). */
export function isConnectionFailure(error: unknown): boolean {
  const code = findNetworkErrorCode(error);
  if (code !== undefined && CONNECTION_CODES.has(code)) return true;
  return error instanceof TypeError && (error.message === 'fetch failed' || error.message === 'terminated');
}

/**
 * Maps a request failure that is neither an abort nor a timeout: connection refused, reset and DNS failures
 * become `engine_unavailable` (retriable on another replica); anything else is `internal`.
 */
export function mapFetchFailure(
  error: unknown,
  context: { engine: string; replica: string; secrets?: readonly string[] },
): TaskError {
  const code = findNetworkErrorCode(error);
  const detail = redactSecrets(describeCause(error), context.secrets ?? []);
  if (isConnectionFailure(error)) {
    const errorContext =
      code === undefined
        ? { engine: context.engine, replica: context.replica }
        : {
            engine: context.engine,
            replica: context.replica,
            engine_code: code,
          };
    return new TaskError(
      'engine_unavailable',
      `${context.engine} at ${context.replica} could not be reached: ${detail}`,
      { context: errorContext, cause: error },
    );
  }
  return new TaskError('internal', `Request to ${context.engine} at ${context.replica} failed: ${detail}`, {
    context: { engine: context.engine, replica: context.replica },
    cause: error,
  });
}

/** The errors a request meets when the server closed its connection under it (reset, or closed mid-write). */
const CLOSED_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * True when a request failed, before any answer, because the server closed a kept-alive connection that had
 * already carried earlier answers (`reusedSocket` of node:http): the well-known keep-alive race, where the
 * request never reached the engine. Such a request can be sent again at once on another connection. A
 * connection that breaks before it ever carried an answer is not this race and is not matched.
 */
export function isStaleConnectionFailure(error: unknown, reusedSocket: boolean): boolean {
  if (!reusedSocket) return false;
  const code = findNetworkErrorCode(error);
  return code !== undefined && CLOSED_CONNECTION_CODES.has(code);
}
