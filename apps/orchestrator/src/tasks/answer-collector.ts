import type { StreamEvent } from '@orch/adapter-api';

/** A whole non-streamed answer, ready to be written. */
export interface CollectedAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Collects a task's normalised events into one non-streamed answer (one instance per task). */
export interface AnswerCollector {
  /** Takes the next event, `started` first and a terminal event last. */
  accept(event: StreamEvent): void;
  /** The answer, once the terminal event was accepted. */
  result(): CollectedAnswer;
}
