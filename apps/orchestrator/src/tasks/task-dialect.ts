import type { StreamEvent, TaskError } from '@orch/adapter-api';

/**
 * One API dialect of the task pipeline: how normalised events become the bytes of a streamed answer, and how a
 * failure before streaming is answered. Per task, so it may keep state (ids, whether the role was sent).
 */
export interface TaskDialect {
  /** Headers of a streamed answer. */
  readonly streamHeaders: Readonly<Record<string, string>>;
  /** Text written for one event; `''` writes nothing. */
  encodeEvent(event: StreamEvent): string;
  /** Text written for a notice or keep-alive while the task waits; `''` writes nothing. */
  encodeComment(text: string): string;
  /** The answer to a failure found before anything was streamed. */
  refuse(error: TaskError): Response;
}
