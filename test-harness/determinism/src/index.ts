export { compareStreamRecords } from './compare-stream-records.js';
export { mapWithConcurrency } from './map-with-concurrency.js';
export { recordEventStream, textOfRecord } from './record-event-stream.js';
export { type RawCompletionRequest, recordLlamaCppCompletion } from './record-llamacpp-completion.js';
export type { StreamRecord } from './stream-record.js';
