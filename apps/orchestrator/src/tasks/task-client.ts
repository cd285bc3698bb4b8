import type { StreamEvent, TaskError } from '@orch/adapter-api';

/** What a task's answer asks of the task while it is written (backpressure and disconnect). */
export interface TaskClientListener {
  /** The client's buffer is full: stop reading from the engine. */
  pauseEngine(): void;
  /** The client took what was written: read from the engine again. */
  resumeEngine(): void;
  /** The client went away before the answer ended. */
  clientGone(): void;
}

/**
 * The client's side of one streamed task: how its answer is written, whatever the transport (a Node socket, a web
 * stream) and the dialect (native SSE, OpenAI chunks). The task calls it; it never calls into the pipeline except
 * through the {@link TaskClientListener} it was given.
 */
export interface TaskClient {
  /** True once the answer has begun (status and headers are out): a failure is then written, not refused. */
  readonly opened: boolean;
  /** Begins the answer with a notice (the task waits in the queue or for an engine), then keep-alives. */
  wait(notice: string): void;
  /** Writes one normalised event (opening the answer first if needed); writes of one turn go out together. */
  send(event: StreamEvent): void;
  /** Ends the answer once its terminal event is written. */
  end(): void;
  /**
   * The task failed before anything was written, after its route stopped waiting for the first answer (a task
   * that waited in the queue of a non-streamed answer): the client answers the refusal itself.
   */
  refuse(error: TaskError): void;
}
