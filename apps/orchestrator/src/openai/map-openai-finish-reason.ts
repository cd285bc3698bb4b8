import type { FinishReason } from '@orch/adapter-api';

/** OpenAI's `finish_reason` for a normalised one (`cancelled` never gets here: it is answered as an error). */
export function mapOpenAiFinishReason(reason: FinishReason): 'stop' | 'length' | 'content_filter' {
  if (reason === 'length' || reason === 'content_filter') return reason;
  return 'stop';
}
