/** One open `/v1/events` (or per-task) stream, as the bus writes to it. */
export interface UiSubscriber {
  /** Whose tasks it may see: undefined for every task (an operator, or no auth), else one owner's only. */
  readonly owner: string | undefined;
  /** Writes one SSE frame; false when the subscriber has fallen too far behind (it is then dropped). */
  send(frame: string): boolean;
  /** Ends the stream (a dropped subscriber reconnects and gets a fresh snapshot). */
  close(): void;
}
