import type { SubmitOptions } from '../submit-options.js';
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

/** Builds the `started` event from the task, the engine facts and the orchestrator's route (if any). */
export function createStartedEvent(
  task: Task,
  facts: StartedFacts,
  options: SubmitOptions = {},
): StartedEvent {
  const route = options.route;
  const event: StartedEvent = {
    type: 'started',
    task_id: task.task_id,
    model: facts.model ?? task.model,
    pool_id: route?.pool_id ?? '',
    replica_id: route?.replica_id ?? '',
    engine: facts.engine,
    engine_version: facts.engine_version,
    queue_position: route?.queue_position ?? 0,
    seed: facts.seed,
    attempt: route?.attempt ?? 1,
  };
  if (facts.model_digest !== undefined) event.model_digest = facts.model_digest;
  return event;
}
