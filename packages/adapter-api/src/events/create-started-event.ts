import type { Task } from '../task.js';
import type { StartedEvent } from './started-event.js';

/** Engine facts an adapter knows when the engine has accepted a task. */
export interface StartedFacts {
  engine: string;
  engine_version: string;
  seed: number;
  model?: string;
  model_digest?: string;
}

/**
 * Builds an adapter's `started` event from the task and the engine facts. An adapter knows nothing of routing:
 * `pool_id`, `replica_id`, `queue_position` and `attempt` are left neutral (`''`, `''`, 0, 1) and the
 * orchestrator sets them on the event its client receives.
 */
export function createStartedEvent(task: Task, facts: StartedFacts): StartedEvent {
  const event: StartedEvent = {
    type: 'started',
    task_id: task.task_id,
    model: facts.model ?? task.model,
    pool_id: '',
    replica_id: '',
    engine: facts.engine,
    engine_version: facts.engine_version,
    queue_position: 0,
    seed: facts.seed,
    attempt: 1,
  };
  if (facts.model_digest !== undefined) event.model_digest = facts.model_digest;
  return event;
}
