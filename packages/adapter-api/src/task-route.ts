/** Where the orchestrator placed a task; adapters copy it into their `started` event. */
export interface TaskRoute {
  /** The pool the task was admitted to. */
  pool_id: string;
  /** The replica this adapter drives. */
  replica_id: string;
  /** Tasks ahead of this one at admission. */
  queue_position: number;
  /** 1-based attempt number. */
  attempt: number;
}
