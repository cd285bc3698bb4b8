import { Then } from '@cucumber/cucumber';
import type { FaultRow } from '../fault-table/fault-row.js';
import { readFaultTable } from '../fault-table/read-fault-table.js';
import { compareWithFaultRow } from '../observation/compare-with-fault-row.js';
import { readMetrics, readReplicas, sendTask } from '../observation/send-task.js';
import { DEFAULT_TASK, type FaultWorld } from '../support/fault-world.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** How long the in-flight gauges may take to settle after the last event. */
const SETTLE_MS = 3_000;

async function waitFor<T>(
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  describe: () => string,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (true) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The row of the scenario's `@ORCH-FLT-…` tag. */
function rowOf(world: FaultWorld): FaultRow {
  if (world.rowId === undefined) throw new Error('the scenario has no @ORCH-FLT-… tag');
  const row = readFaultTable().find((candidate) => candidate.id === world.rowId);
  if (row === undefined) throw new Error(`specs/faults.md has no row ${world.rowId}`);
  return row;
}

/**
 * The same task with every fault cleared: its text is the answer the client should have had. Undefined where
 * it cannot be had (a killed engine and no other replica with the same output).
 */
async function faultFreeAnswer(world: FaultWorld, row: FaultRow): Promise<string | undefined> {
  if (row.tokensDelivered.kind === 'at least') return undefined;
  world.requestsBeforeReference = new Map(
    [...world.fakes].map(([role, fake]) => [role, fake.requests.length]),
  );
  for (const fake of world.fakes.values()) await fake.setFaults({});
  const { deadline_ms: _deadline, ...fields } = world.taskFields;
  const answer = await sendTask(world.url, { ...DEFAULT_TASK, ...fields });
  if (answer.events.at(-1)?.type !== 'end') {
    throw new Error(`the fault-free task did not end normally: ${JSON.stringify(answer.events)}`);
  }
  return answer.text;
}

/** Problems with what is still in flight or queued, once the gauges have had time to settle. */
async function leftInFlight(url: string): Promise<string[]> {
  let problems: string[] = [];
  await waitFor(
    SETTLE_MS,
    async () => {
      const samples = await readMetrics(url);
      const replicas = await readReplicas(url);
      problems = [
        ...samples
          .filter((sample) => ['orch_tasks_in_flight', 'orch_queue_depth'].includes(sample.name))
          .filter((sample) => sample.value !== 0)
          .map((sample) => `${sample.name}${JSON.stringify(sample.labels)} is ${sample.value}`),
        ...replicas
          .filter((replica) => replica.in_flight !== 0)
          .map((replica) => `replica ${replica.id} has ${replica.in_flight} in flight`),
      ];
      return problems.length === 0 ? true : undefined;
    },
    () => `still in flight ${SETTLE_MS} ms after the task ended: ${problems.join('; ')}`,
  );
  return problems;
}

Then('the client sees what the fault table says', { timeout: 30_000 }, async function (this: FaultWorld) {
  const row = rowOf(this);
  const observation = this.observed;
  await leftInFlight(this.url);
  const reference = await faultFreeAnswer(this, row);
  const problems = compareWithFaultRow(row, this.setup, observation, reference);
  if (problems.length > 0) {
    throw new Error(
      `${row.id} (specs/faults.md:${row.line}) disagrees with what the client saw:\n- ${problems.join('\n- ')}\nevents: ${JSON.stringify(observation.events)}\nenvelope: ${JSON.stringify(observation.envelope)}`,
    );
  }
});

Then('the task ran on the {word} replica', function (this: FaultWorld, role: string) {
  const started = this.observed.events[0];
  if (started?.type !== 'started' || started.replica_id !== role) {
    throw new Error(`expected the task to start on the ${role} replica: ${JSON.stringify(started)}`);
  }
});

Then('the faulty replica received no task', function (this: FaultWorld) {
  // The fault-free reference task, sent once the faults are cleared, may go anywhere: it is not counted.
  const tasks = this.fake('faulty')
    .requests.slice(0, this.requestsBeforeReference?.get('faulty'))
    .filter((request) => request.method === 'POST');
  if (tasks.length > 0) throw new Error(`the faulty replica received ${tasks.length} task request(s)`);
});

Then(
  'the faulty replica is ready again within {int} ms',
  async function (this: FaultWorld, timeoutMs: number) {
    await waitFor(
      timeoutMs,
      async () =>
        (await readReplicas(this.url)).find((replica) => replica.id === 'faulty')?.health === 'ready'
          ? true
          : undefined,
      () => `the faulty replica was not ready again within ${timeoutMs} ms`,
    );
  },
);

Then(
  'once the faulty engine has loaded, a task streams to its end',
  { timeout: 10_000 },
  async function (this: FaultWorld) {
    // Ask the engine itself, not the orchestrator: tasks sent while it loads would count against its breaker.
    const engineUrl = this.fake('faulty').url;
    await waitFor(
      5_000,
      async () => ((await fetch(`${engineUrl}/health`)).status === 200 ? true : undefined),
      () => 'the faulty engine still reports loading after 5000 ms',
    );
    const { deadline_ms: _deadline, ...fields } = this.taskFields;
    const answer = await sendTask(this.url, { ...DEFAULT_TASK, ...fields });
    if (answer.events.at(-1)?.type !== 'end') {
      throw new Error(
        `the task after loading did not end normally: ${JSON.stringify(answer.envelope ?? answer.events)}`,
      );
    }
  },
);

Then('no token event has empty text', function (this: FaultWorld) {
  const empty = this.observed.events.filter((event) => event.type === 'token' && event.t.length === 0);
  if (empty.length > 0) throw new Error(`${empty.length} token event(s) have empty text`);
});

Then('the text has no replacement character and no lone surrogate', function (this: FaultWorld) {
  const { text } = this.observed;
  if (text.includes('\uFFFD')) throw new Error(`the text has U+FFFD: ${JSON.stringify(text)}`);
  if (LONE_SURROGATE.test(text)) throw new Error(`the text has a lone surrogate: ${JSON.stringify(text)}`);
  if (![...text].some((character) => (character.codePointAt(0) ?? 0) > 0x7f)) {
    throw new Error('the answer has no multi-byte character: the scenario proves nothing');
  }
});

Then('the error event is not retriable', function (this: FaultWorld) {
  const terminal = this.observed.events.at(-1);
  if (terminal?.type !== 'error' || terminal.retriable !== false) {
    throw new Error(`expected a non-retriable error event: ${JSON.stringify(terminal)}`);
  }
});

Then('the stream lasted longer than the idle timeout', function (this: FaultWorld) {
  const idleMs = this.poolSettings.timeouts.idle_ms;
  if (this.observed.durationMs <= idleMs) {
    throw new Error(
      `the stream took ${Math.round(this.observed.durationMs)} ms, not more than the idle timeout of ${idleMs} ms: the scenario proves nothing`,
    );
  }
});
