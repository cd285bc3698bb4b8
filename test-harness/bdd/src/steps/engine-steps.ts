import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { type AdapterHealth, type AdapterProperties, isTaskError } from '@orch/adapter-api';
import { waitUntil } from '../support/wait-until.js';
import { type ConformanceWorld, describeError } from '../support/world.js';
import { assertSequenceFollowsContract, terminalEvent } from './sequence-steps.js';

function requireProperties(world: ConformanceWorld): AdapterProperties {
  assert.ok(world.properties !== undefined, 'the properties were not read');
  return world.properties;
}

When("I read the adapter's properties", async function (this: ConformanceWorld) {
  this.properties = await this.adapter.properties();
});

Then(
  'engine_version is a real version: not empty and not {string}',
  function (this: ConformanceWorld, placeholder: string) {
    const version = requireProperties(this).engine_version;
    assert.equal(typeof version, 'string');
    assert.ok(version.trim().length > 0, 'engine_version is empty');
    assert.notEqual(version.trim().toLowerCase(), placeholder, `engine_version is "${version}"`);
  },
);

Then(
  'engine_version equals the version the engine reports itself, when the profile can read it',
  async function (this: ConformanceWorld) {
    if (this.session.engineVersion === undefined) {
      this.log('the profile has no engineVersion() hook: only the adapter-reported version is checked');
      return;
    }
    assert.equal(requireProperties(this).engine_version, await this.session.engineVersion());
  },
);

Then(
  'a streamed task\'s "started" event reports the same engine_version',
  async function (this: ConformanceWorld) {
    const stream = await this.streamTask(this.makeTask({ prompt: 'Version check', max_tokens: 2, seed: 1 }));
    const started = this.events[0];
    assert.ok(started?.type === 'started', `the stream began with ${JSON.stringify(stream.events[0])}`);
    assert.equal(started.engine_version, requireProperties(this).engine_version);
  },
);

Then('slots_free, when reported, is between 0 and slots_total', function (this: ConformanceWorld) {
  const { slots_free: free, slots_total: total } = requireProperties(this);
  if (free === undefined) return;
  assert.ok(Number.isInteger(free) && free >= 0, `slots_free is ${free}`);
  if (total !== undefined) assert.ok(free <= total, `slots_free ${free} exceeds slots_total ${total}`);
});

When("I probe the adapter's health", async function (this: ConformanceWorld) {
  try {
    this.health = await this.adapter.health();
  } catch (error) {
    this.healthError = error;
  }
});

Then('the health state is {string}', function (this: ConformanceWorld, expected: string) {
  assert.equal(this.healthError, undefined, `health() threw ${describeError(this.healthError)}`);
  assert.equal(this.health?.state, expected, `health is ${JSON.stringify(this.health)}`);
});

Then(
  'the health state is {string} and the probe did not throw',
  function (this: ConformanceWorld, expected: string) {
    assert.equal(this.healthError, undefined, `health() threw ${describeError(this.healthError)}`);
    assert.equal(this.health?.state, expected, `health is ${JSON.stringify(this.health)}`);
  },
);

Given('the engine is stopped', async function (this: ConformanceWorld) {
  const stopEngine = this.requireHook('stopEngine');
  this.requireHook('startEngine');
  this.engineStopped = true;
  await stopEngine();
});

When('the engine is started again', async function (this: ConformanceWorld) {
  await this.requireHook('startEngine')();
  this.engineStopped = false;
});

Then('reading properties is rejected with a TaskError', async function (this: ConformanceWorld) {
  const error = await this.adapter.properties().then(
    (properties) => new Error(`properties() resolved with ${JSON.stringify(properties)}`),
    (rejection: unknown) => rejection,
  );
  assert.ok(isTaskError(error), `expected a TaskError, got ${describeError(error)}`);
});

Then(
  'the health state becomes {string} within {int} seconds',
  { timeout: 90_000 },
  async function (this: ConformanceWorld, expected: string, seconds: number) {
    let last: AdapterHealth | undefined;
    const ready = await waitUntil(async () => {
      last = await this.adapter.health();
      return last.state === expected;
    }, seconds * 1000);
    assert.ok(ready, `health stayed ${JSON.stringify(last)}`);
  },
);

Then(
  'I can stream the prompt {string} with max_tokens {int} and seed {int}',
  async function (this: ConformanceWorld, prompt: string, maxTokens: number, seed: number) {
    const stream = await this.streamTask(this.makeTask({ prompt, max_tokens: maxTokens, seed }));
    assertSequenceFollowsContract(this.events);
    assert.equal(terminalEvent(stream).type, 'end');
  },
);

When(
  'I estimate the tokens of the prompt {string} with max_tokens {int}',
  async function (this: ConformanceWorld, prompt: string, maxTokens: number) {
    this.estimate = await this.adapter.estimateTokens(this.makeTask({ prompt, max_tokens: maxTokens }));
  },
);

Then(
  'the estimate has at least {int} prompt token and total_tokens equal to prompt_tokens plus {int}',
  function (this: ConformanceWorld, minimum: number, maxTokens: number) {
    const estimate = this.estimate;
    assert.ok(estimate !== undefined, 'no estimate was made');
    assert.ok(estimate.prompt_tokens >= minimum, `prompt_tokens is ${estimate.prompt_tokens}`);
    assert.equal(estimate.total_tokens, estimate.prompt_tokens + maxTokens);
    assert.ok(['tokenizer', 'heuristic'].includes(estimate.method), `method is ${estimate.method}`);
  },
);
