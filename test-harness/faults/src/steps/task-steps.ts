import { When } from '@cucumber/cucumber';
import type { TaskObservation } from '../observation/task-observation.js';
import type { FaultWorld } from '../support/fault-world.js';

/** Tasks a loop may send before giving up: which replica p2c tries first is random (½ each). */
const MAX_TASKS = 40;

/** True when the task touched the faulty replica: it ran there, was retried away from it, or failed. */
function reachedFaultyReplica(observation: TaskObservation): boolean {
  const started = observation.events[0];
  if (observation.status !== 200 || started?.type !== 'started') return true;
  return started.replica_id === 'faulty' || started.attempt > 1;
}

/** A task that never touched the faulty replica must be an ordinary success on the healthy one. */
function assertServedByHealthy(observation: TaskObservation): void {
  const started = observation.events[0];
  const terminal = observation.events.at(-1);
  if (started?.type !== 'started' || started.replica_id !== 'healthy' || terminal?.type !== 'end') {
    throw new Error(
      `a task that did not reach the faulty replica should end normally on the healthy one: ${JSON.stringify(observation.events)}`,
    );
  }
}

When('a task is sent', async function (this: FaultWorld) {
  await this.send();
});

When('one more task is sent', async function (this: FaultWorld) {
  await this.send();
});

When('a task with {word} {int} is sent', async function (this: FaultWorld, field: string, value: number) {
  this.taskFields[field] = value;
  await this.send();
});

When('a task reaches the faulty replica', async function (this: FaultWorld) {
  for (let sent = 0; sent < MAX_TASKS; sent += 1) {
    const observation = await this.send();
    if (reachedFaultyReplica(observation)) return;
    assertServedByHealthy(observation);
  }
  throw new Error(`none of ${MAX_TASKS} tasks reached the faulty replica`);
});

When("tasks are sent until the faulty replica's breaker opens", async function (this: FaultWorld) {
  for (let sent = 0; sent < MAX_TASKS; sent += 1) {
    const observation = await this.send();
    if (observation.faultyBreaker === 'open') return;
  }
  throw new Error(`the faulty replica's breaker did not open within ${MAX_TASKS} tasks`);
});

When(
  'a task streams on the faulty replica, which is killed with SIGKILL after token {int}',
  { timeout: 60_000 },
  async function (this: FaultWorld, afterToken: number) {
    const server = this.llamaServers.get('faulty');
    if (server === undefined) throw new Error('the faulty replica is not a llama-server');
    this.injection = `SIGKILL after token ${afterToken}`;
    // A prompt and seed whose answer runs for thousands of tokens on this model (no early end of sequence),
    // so that the kill lands mid-stream; a task that starts on the healthy replica is dropped.
    this.taskFields = { ...this.taskFields, prompt: 'Hello', seed: 1, max_tokens: 4_000 };
    for (let sent = 0; sent < MAX_TASKS; sent += 1) {
      let onFaulty = false;
      await this.send(
        {},
        {
          onEvent: (event) => {
            if (event.type === 'started') onFaulty = event.replica_id === 'faulty';
            if (!onFaulty) return 'abandon';
            if (event.type === 'token' && event.i === afterToken) server.kill('SIGKILL');
            return 'continue';
          },
        },
      );
      if (onFaulty) return;
    }
    throw new Error(`none of ${MAX_TASKS} tasks started on the faulty replica`);
  },
);
