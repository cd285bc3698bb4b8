import type { StreamEvent } from '@orch/adapter-api';

/**
 * Keys whose values change from run to run or build to build: ids, timings, the engine's version and
 * digest. They are left out of golden comparisons; their own scenarios check them.
 */
export const VOLATILE_KEYS: ReadonlySet<string> = new Set([
  'task_id',
  'replica_id',
  'pool_id',
  'engine_version',
  'model_digest',
  'ttft_ms',
  'decode_ms',
  'latency_ms',
  'tokens_per_second',
  'retry_after_ms',
]);

/** A stream event reduced to the keys that must stay the same between runs. */
export type NormalisedEvent = Record<string, unknown> & { type: StreamEvent['type'] };

/**
 * Reduces a stream to what a golden file holds: `metrics` events are dropped (they are optional and
 * additive), volatile keys are left out, and the remaining keys are sorted (`type` first) so the JSON is stable.
 */
export function normaliseEvents(events: readonly StreamEvent[]): NormalisedEvent[] {
  return events
    .filter((event) => event.type !== 'metrics')
    .map((event) => {
      const kept = Object.entries(event)
        .filter(([key, value]) => !VOLATILE_KEYS.has(key) && value !== undefined)
        .sort(([left], [right]) => (left === 'type' ? -1 : right === 'type' ? 1 : left.localeCompare(right)));
      return Object.fromEntries(kept) as NormalisedEvent;
    });
}
