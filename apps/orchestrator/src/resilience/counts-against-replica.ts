import type { ErrorCode } from '@orch/adapter-api';

/**
 * Failures that say something about the replica's health. Client mistakes, validation refusals,
 * cancellations, deadlines, shutdowns and plain overload never trip a breaker.
 */
const REPLICA_FAULTS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'engine_error',
  'engine_unavailable',
  'engine_protocol_error',
  'stream_truncated',
  'ttft_timeout',
  'idle_timeout',
  'internal',
]);

/** True when a failure with this code should count against the replica's circuit breaker. */
export function countsAgainstReplica(code: ErrorCode): boolean {
  return REPLICA_FAULTS.has(code);
}
