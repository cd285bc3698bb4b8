/** Admission priority: `interactive` tasks are always dequeued before `batch` tasks. */
export type TaskPriority = 'interactive' | 'batch';
