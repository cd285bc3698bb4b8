import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { isWellFormedText } from '../support/is-well-formed.js';
import type { ConformanceWorld } from '../support/world.js';
import { requireTask } from './task-steps.js';

const REPLACEMENT_CHARACTER = '\uFFFD';
/** Seeds tried to find an answer with multi-byte characters; every engine here finds one in the first few. */
const SEEDS_TO_TRY = 32;

function hasMultiByteCharacter(text: string): boolean {
  return Array.from(text).some(
    (character) => character !== REPLACEMENT_CHARACTER && (character.codePointAt(0) ?? 0) > 0x7f,
  );
}

function countReplacements(text: string): number {
  return text.split(REPLACEMENT_CHARACTER).length - 1;
}

Given(
  "a seed for which the engine's answer to {string} contains multi-byte characters",
  async function (this: ConformanceWorld, prompt: string) {
    const referenceText = this.requireHook('referenceText');
    for (let seed = 1; seed <= SEEDS_TO_TRY; seed += 1) {
      const task = this.makeTask({ prompt, max_tokens: 32, seed, temperature: 1 });
      const reference = await referenceText(task);
      if (hasMultiByteCharacter(reference)) {
        this.task = task;
        this.referenceText = reference;
        return;
      }
    }
    throw new Error(`No seed in 1..${SEEDS_TO_TRY} gives an answer with a multi-byte character.`);
  },
);

When('I stream that task', async function (this: ConformanceWorld) {
  const task = requireTask(this);
  await this.streamTask({ ...task, task_id: this.makeTask(task).task_id });
});

Then("every token's text is well-formed UTF-8", function (this: ConformanceWorld) {
  for (const event of this.events) {
    if (event.type !== 'token') continue;
    assert.ok(
      isWellFormedText(event.t),
      `token ${event.i} ${JSON.stringify(event.t)} holds half a character`,
    );
  }
});

Then(
  "every token's text is well-formed UTF-8 with no replacement character the engine did not send",
  function (this: ConformanceWorld) {
    const tokens = this.events.flatMap((event) => (event.type === 'token' ? [event] : []));
    for (const token of tokens) {
      assert.ok(
        isWellFormedText(token.t),
        `token ${token.i} ${JSON.stringify(token.t)} holds half a character`,
      );
    }
    const reference = this.referenceText ?? '';
    const streamed = tokens.map((token) => token.t).join('');
    assert.ok(
      countReplacements(streamed) <= countReplacements(reference),
      `the stream has U+FFFD where the engine's answer has none: a character was split and mis-decoded`,
    );
  },
);

Then(
  "the streamed text's UTF-8 bytes equal the engine's non-streamed answer's bytes",
  function (this: ConformanceWorld) {
    const encoder = new TextEncoder();
    assert.deepEqual(
      encoder.encode(this.lastStream.text),
      encoder.encode(this.referenceText ?? ''),
      `streamed ${JSON.stringify(this.lastStream.text)} differs from ${JSON.stringify(this.referenceText)}`,
    );
  },
);
