import type { StreamEvent, TaskError } from '@orch/adapter-api';
import type { TaskClient } from '../tasks/task-client.js';

/**
 * A task's client as its record sees it: every event goes to the client first, then to `onSent` (the record's
 * replay log and live per-task streams). One call per event and no allocation (ORCH-UI-003).
 */
export class RecordingTaskClient implements TaskClient {
  constructor(
    private readonly inner: TaskClient,
    private readonly onSent: (event: StreamEvent) => void,
  ) {}

  get opened(): boolean {
    return this.inner.opened;
  }

  wait(notice: string): void {
    this.inner.wait(notice);
  }

  send(event: StreamEvent): void {
    this.inner.send(event);
    this.onSent(event);
  }

  end(): void {
    this.inner.end();
  }

  refuse(error: TaskError): void {
    this.inner.refuse(error);
  }
}
