import type { StreamEvent, TaskError } from '@orch/adapter-api';
import type { AnswerCollector } from '../tasks/answer-collector.js';
import type { TaskClient } from '../tasks/task-client.js';

/**
 * The client of a non-streamed answer: nothing is written until the task ends, so every failure before the first
 * token is still a refusal with its own status (the answer never "opens"), and the whole answer is one response.
 */
export class CollectingTaskClient implements TaskClient {
  readonly opened = false;
  /** Resolves with the answer once the task's terminal event was collected. */
  readonly answer: Promise<Response>;
  private resolve: (response: Response) => void = () => {};

  constructor(
    private readonly collector: AnswerCollector,
    private readonly extraHeaders: Record<string, string>,
    private readonly refusal: (error: TaskError) => Response,
  ) {
    this.answer = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  wait(): void {}

  send(event: StreamEvent): void {
    this.collector.accept(event);
  }

  refuse(error: TaskError): void {
    this.resolve(this.refusal(error));
  }

  end(): void {
    const { status, body, headers } = this.collector.result();
    this.resolve(
      new Response(JSON.stringify(body), { status, headers: { ...headers, ...this.extraHeaders } }),
    );
  }
}
