import type { TaskRecord } from './task-record.js';
import type { TaskRun } from './task-run.js';

/** Opens a record per task (the status page's task list); undefined when nothing records tasks. */
export interface TaskRecorder {
  open(run: TaskRun): TaskRecord | undefined;
}
