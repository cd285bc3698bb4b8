/**
 * Why generation ended, normalised across engines:
 * - `stop`: the model produced its end-of-sequence token or a stop string matched;
 * - `length`: `max_tokens` (or the context) was reached;
 * - `cancelled`: the client or an operator cancelled the task;
 * - `content_filter`: the engine withheld the rest of the output;
 * - `other`: an engine reason with no better mapping (the raw value is always kept beside it).
 */
export type FinishReason = 'stop' | 'length' | 'cancelled' | 'content_filter' | 'other';
