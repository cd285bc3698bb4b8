import { TaskError } from '@orch/adapter-api';

/** URLs, and `host:port` / bracketed IPv6 addresses as socket errors print them (`connect ECONNREFUSED …`). */
const ENGINE_ADDRESS =
  /\bhttps?:\/\/[^\s"'<>)]+|\[[0-9a-fA-F:.]+\](?::\d+)?|\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\blocalhost:\d+\b/g;

/**
 * A client-facing message without internal addresses (ORCH-SEC-020): each engine URL or socket address
 * becomes the name of the replica it belongs to (`replica "a1"`), or `(engine address)` when no replica is
 * known. Operators still find the address in the log line of the same failure.
 */
export function redactEngineAddresses(message: string, replicaId?: string): string {
  const name = replicaId === undefined ? '(engine address)' : `replica "${replicaId}"`;
  return message.replace(ENGINE_ADDRESS, name);
}

/** The same error with {@link redactEngineAddresses} applied to its message (itself when nothing changed). */
export function redactTaskError(error: TaskError, replicaId?: string): TaskError {
  const message = redactEngineAddresses(error.message, replicaId);
  if (message === error.message) return error;
  return new TaskError(error.code, message, {
    retriable: error.retriable,
    context: error.context,
    cause: error,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}
