import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { chooseStopString } from '../support/choose-stop-string.js';
import type { ConformanceWorld } from '../support/world.js';
import { requireTask } from './task-steps.js';

const utf8 = new TextEncoder();

function requireReference(world: ConformanceWorld): string {
  if (world.referenceText === undefined) throw new Error('No reference answer was taken before this step.');
  return world.referenceText;
}

Then(
  "the streamed text equals the engine's non-streamed text for the same task",
  async function (this: ConformanceWorld) {
    const streamed = this.lastStream.text;
    const reference = await this.requireHook('referenceText')(requireTask(this));
    assert.ok(reference.length > 0, 'the non-streamed answer is empty: the comparison would prove nothing');
    assert.equal(streamed, reference, 'streamed and non-streamed text differ');
  },
);

Then('both streams have byte-identical text', function (this: ConformanceWorld) {
  const previous = this.previousStreams.at(-1);
  assert.ok(previous !== undefined, 'only one stream ran');
  assert.ok(previous.text.length > 0, 'the first stream has no text: the comparison would prove nothing');
  assert.deepEqual(utf8.encode(this.lastStream.text), utf8.encode(previous.text), 'the two answers differ');
});

Then('both {string} events report seed {int}', function (this: ConformanceWorld, type: string, seed: number) {
  const previous = this.previousStreams.at(-1);
  assert.ok(previous !== undefined, 'only one stream ran');
  for (const stream of [previous, this.lastStream]) {
    const started = stream.events.find((event) => event.type === type);
    assert.ok(started?.type === 'started', `no "${type}" event`);
    assert.equal(started.seed, seed);
  }
});

Then('the two streams have different text', function (this: ConformanceWorld) {
  const previous = this.previousStreams.at(-1);
  assert.ok(previous !== undefined, 'only one stream ran');
  assert.ok(previous.text.length > 0 && this.lastStream.text.length > 0, 'a stream has no text');
  assert.notEqual(this.lastStream.text, previous.text, 'two seeds gave the same text');
});

When(
  'I stream the same task with a stop string taken from the middle of that answer',
  async function (this: ConformanceWorld) {
    const reference = requireReference(this);
    this.stopString = chooseStopString(reference);
    const task = requireTask(this);
    await this.streamTask({ ...task, task_id: this.makeTask(task).task_id, stop: [this.stopString] });
  },
);

Then('the streamed text does not contain the stop string', function (this: ConformanceWorld) {
  assert.ok(this.stopString !== undefined, 'no stop string was chosen');
  assert.ok(
    !this.lastStream.text.includes(this.stopString),
    `the text ${JSON.stringify(this.lastStream.text)} contains the stop string ${JSON.stringify(this.stopString)}`,
  );
});

Then('the streamed text is the answer up to the stop string', function (this: ConformanceWorld) {
  const reference = requireReference(this);
  assert.ok(this.stopString !== undefined, 'no stop string was chosen');
  assert.equal(this.lastStream.text, reference.slice(0, reference.indexOf(this.stopString)));
});
