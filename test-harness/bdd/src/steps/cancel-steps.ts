import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { isTaskError } from '@orch/adapter-api';
import { waitUntil } from '../support/wait-until.js';
import { type ConformanceWorld, describeError } from '../support/world.js';

/** How long a freed slot may take to show: llama.cpp notices a closed socket within about a second. */
const SLOT_RELEASE_TIMEOUT_MS = 15_000;

function countTokens(world: ConformanceWorld): number {
  return world.lastStream.events.filter((event) => event.type === 'token').length;
}

Given("I note the engine's free slots", async function (this: ConformanceWorld) {
  this.slotsBefore = await this.requireHook('slotsFree')();
  assert.ok(Number.isInteger(this.slotsBefore), `slotsFree() returned ${this.slotsBefore}`);
});

When(
  'I stream the prompt {string} with max_tokens {int} and seed {int}, aborting the signal after {int} tokens',
  async function (this: ConformanceWorld, prompt: string, maxTokens: number, seed: number, after: number) {
    const controller = new AbortController();
    const task = this.makeTask({ prompt, max_tokens: maxTokens, seed });
    let tokens = 0;
    await this.streamTask(task, { signal: controller.signal }, (event) => {
      if (event.type === 'token') tokens += 1;
      if (tokens < after) return false;
      controller.abort();
      return true;
    });
  },
);

When(
  'I stream the prompt {string} with max_tokens {int} and seed {int}, calling cancel with the task id after {int} tokens',
  async function (this: ConformanceWorld, prompt: string, maxTokens: number, seed: number, after: number) {
    const task = this.makeTask({ prompt, max_tokens: maxTokens, seed });
    let tokens = 0;
    await this.streamTask(task, {}, async (event) => {
      if (event.type === 'token') tokens += 1;
      if (tokens < after) return false;
      await this.adapter.cancel(task.task_id);
      return true;
    });
  },
);

When(
  'I stream the prompt {string} with max_tokens {int} and an already aborted signal',
  async function (this: ConformanceWorld, prompt: string, maxTokens: number) {
    await this.streamTask(this.makeTask({ prompt, max_tokens: maxTokens }), { signal: AbortSignal.abort() });
  },
);

When('I cancel the task id {string}', async function (this: ConformanceWorld, taskId: string) {
  await this.adapter.cancel(taskId);
});

Then('no token arrived after the cancel', function (this: ConformanceWorld) {
  const stream = this.lastStream;
  assert.equal(stream.rejection, undefined, `the stream was rejected: ${describeError(stream.rejection)}`);
  assert.ok(
    stream.cancelledAt !== undefined,
    `the stream ended after ${countTokens(this)} tokens, before the cancel could be sent`,
  );
  const late = stream.events.slice(stream.cancelledAt).filter((event) => event.type === 'token');
  assert.deepEqual(late, [], `${late.length} token events arrived after the cancel`);
});

Then("the engine's free slots return to the noted number", async function (this: ConformanceWorld) {
  const before = this.slotsBefore;
  assert.ok(before !== undefined, 'the free slots were not noted');
  const slotsFree = this.requireHook('slotsFree');
  let last = Number.NaN;
  const freed = await waitUntil(async () => {
    last = await slotsFree();
    return last >= before;
  }, SLOT_RELEASE_TIMEOUT_MS);
  assert.ok(freed, `free slots stayed at ${last}, below the ${before} free before the task`);
});

Then(
  'the stream is rejected with a TaskError whose code is {string}',
  function (this: ConformanceWorld, code: string) {
    const rejection = this.lastStream.rejection;
    assert.ok(isTaskError(rejection), `expected a TaskError rejection, got ${describeError(rejection)}`);
    assert.equal(rejection.code, code);
  },
);

Then('no event was delivered', function (this: ConformanceWorld) {
  assert.deepEqual(this.lastStream.events, [], 'events were delivered before the rejection');
});
