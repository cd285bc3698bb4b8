/** One Server-Sent Events message as it came off the wire. */
export interface SseMessage {
  /** The `event:` field, absent when the message had none (the SSE default type `message`). */
  event?: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The `id:` field, when present. */
  id?: string;
}
