import assert from 'node:assert/strict';
import { Given, Then } from '@cucumber/cucumber';
import { isErrorCode, isTaskError } from '@orch/adapter-api';
import { type ConformanceWorld, describeError } from '../support/world.js';
import { describeEvents, terminalEvent } from './sequence-steps.js';

Given('the engine will fail the next task before it starts', async function (this: ConformanceWorld) {
  this.useAdapter(await this.requireHook('failBeforeStart')());
});

Given(
  'the engine will fail the next stream after {int} tokens',
  async function (this: ConformanceWorld, afterTokens: number) {
    this.useAdapter(await this.requireHook('failMidStream')(afterTokens));
  },
);

Then(
  'the stream is rejected with a TaskError whose code is in the error taxonomy',
  function (this: ConformanceWorld) {
    const rejection = this.lastStream.rejection;
    assert.ok(
      rejection !== undefined,
      `the stream was not rejected:\n${describeEvents(this.lastStream.events)}`,
    );
    assert.ok(isTaskError(rejection), `expected a TaskError rejection, got ${describeError(rejection)}`);
    assert.ok(isErrorCode(rejection.code), `"${rejection.code}" is not in the error taxonomy`);
    assert.equal(typeof rejection.retriable, 'boolean');
  },
);

Then('at least {int} token arrived before the failure', function (this: ConformanceWorld, minimum: number) {
  const tokens = this.events.filter((event) => event.type === 'token').length;
  assert.ok(tokens >= minimum, `only ${tokens} token events before the failure`);
});

Then(
  'the stream ends with one {string} event whose code is in the error taxonomy',
  function (this: ConformanceWorld, type: string) {
    const last = terminalEvent(this.lastStream);
    assert.equal(last.type, type, `the stream ended with ${JSON.stringify(last)}`);
    if (last.type !== 'error') return;
    assert.ok(isErrorCode(last.code), `"${last.code}" is not in the error taxonomy`);
    assert.equal(typeof last.retriable, 'boolean');
    assert.ok(last.message.length > 0, 'the error event has no message');
  },
);

Then(
  "the error event's tokens_delivered equals the number of token events",
  function (this: ConformanceWorld) {
    const last = terminalEvent(this.lastStream);
    assert.ok(last.type === 'error', `the stream ended with ${JSON.stringify(last)}`);
    const tokens = this.events.filter((event) => event.type === 'token').length;
    assert.equal(last.tokens_delivered, tokens, 'tokens_delivered is not the number of token events');
  },
);
