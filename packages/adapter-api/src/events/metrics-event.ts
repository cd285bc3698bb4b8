import type { FailoverNote } from './failover-note.js';

/**
 * Additive progress figures. Every field is optional; clients may ignore the event entirely.
 * Unknown figures are left out, never reported as 0.
 */
export interface MetricsEvent {
  type: 'metrics';
  /** Tokens generated so far, as counted by the engine where it counts them. */
  tokens_out?: number;
  /** Prompt tokens evaluated, where known. */
  tokens_in?: number;
  /** Decode time so far in milliseconds. */
  decode_ms?: number;
  /** Tasks waiting in the pool queue at the time of the event. */
  queue_depth?: number;
  /** Decode throughput so far, tokens per second. */
  tokens_per_second?: number;
  /** Free-form note from the orchestrator (e.g. a failover that stayed invisible to the text). */
  note?: string;
  /** Present once, right after a strict task moved to another replica mid-stream without changing its text. */
  failover?: FailoverNote;
}
