import type { StreamEvent } from '@orch/adapter-api';
import type { StreamRecord } from './stream-record.js';

const STAMP_FIELDS = ['engine', 'engine_version', 'model_digest', 'sampler_profile_version', 'seed'] as const;

/** Reduces a contract event stream (from an adapter or from the orchestrator) to its {@link StreamRecord}. */
export async function recordEventStream(
  events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>,
): Promise<StreamRecord> {
  const record: StreamRecord = { stamp: {}, tokens: [], finish: 'none', finishRaw: '' };
  for await (const event of events) {
    switch (event.type) {
      case 'started':
        for (const field of STAMP_FIELDS) record.stamp[field] = event[field];
        break;
      case 'token':
        record.tokens.push(event.t);
        break;
      case 'end':
        record.finish = event.finish_reason;
        record.finishRaw = event.finish_reason_raw;
        if (event.tokens_out !== undefined) record.tokensOut = event.tokens_out;
        break;
      case 'error':
        record.finish = `error:${event.code}`;
        record.finishRaw = event.message;
        break;
      case 'metrics':
        break;
    }
  }
  return record;
}

/** The concatenated text of a record. */
export function textOfRecord(record: StreamRecord): string {
  return record.tokens.join('');
}
