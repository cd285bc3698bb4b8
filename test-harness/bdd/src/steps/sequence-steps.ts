import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import { checkEventSequence, type StreamEvent, streamEventSchema } from '@orch/adapter-api';
import type { CollectedStream } from '../support/collect-events.js';
import type { ConformanceWorld } from '../support/world.js';
import { requireTask } from './task-steps.js';

/** Fails with every contract problem of a stream, numbered, with the events for context. */
export function assertSequenceFollowsContract(events: readonly StreamEvent[]): void {
  const problems = checkEventSequence(events);
  assert.deepEqual(problems, [], `the stream breaks the event order:\n${describeEvents(events)}`);
}

/** The last event, which must be the only terminal one. */
export function terminalEvent(stream: CollectedStream): StreamEvent {
  const last = stream.events.at(-1);
  assert.ok(last !== undefined, 'the stream delivered no event');
  return last;
}

/** A compact listing of a stream for failure messages. */
export function describeEvents(events: readonly StreamEvent[]): string {
  return events.map((event, position) => `  #${position} ${JSON.stringify(event)}`).join('\n');
}

Then('every event matches the stream event schema', function (this: ConformanceWorld) {
  for (const [position, event] of this.events.entries()) {
    const result = streamEventSchema.safeParse(event);
    assert.ok(
      result.success,
      `event #${position} ${JSON.stringify(event)} is invalid: ${result.error?.message}`,
    );
  }
});

Then('the event sequence follows the contract', function (this: ConformanceWorld) {
  assertSequenceFollowsContract(this.events);
});

Then(
  'the first event is "started" for the task, with a non-empty engine and engine_version',
  function (this: ConformanceWorld) {
    const task = requireTask(this);
    const first = this.events[0];
    assert.equal(first?.type, 'started', 'the first event is not "started"');
    if (first?.type !== 'started') return;
    assert.equal(first.task_id, task.task_id, 'started.task_id is not the task id');
    assert.equal(first.seed, task.seed, 'started.seed is not the seed the task asked for');
    assert.ok(first.engine.length > 0, 'started.engine is empty');
    assert.ok(first.engine_version.length > 0, 'started.engine_version is empty');
    assert.equal(first.engine, this.adapter.engine, 'started.engine differs from adapter.engine');
  },
);

Then('the token indices count 0, 1, 2, … without gaps', function (this: ConformanceWorld) {
  const indices = this.events.flatMap((event) => (event.type === 'token' ? [event.i] : []));
  assert.ok(indices.length > 0, 'the stream delivered no token');
  assert.deepEqual(
    indices,
    indices.map((_index, position) => position),
    'token indices are not 0..n-1',
  );
});

Then(
  'the stream ends with exactly one {string} event and nothing after it',
  function (this: ConformanceWorld, type: string) {
    const terminals = this.events.filter((event) => event.type === 'end' || event.type === 'error');
    assert.equal(terminals.length, 1, `expected exactly one terminal event:\n${describeEvents(this.events)}`);
    assert.equal(this.events.at(-1)?.type, type, `the last event is not "${type}"`);
  },
);

Then('the stream ends with finish_reason {string}', function (this: ConformanceWorld, reason: string) {
  const last = terminalEvent(this.lastStream);
  assert.equal(last.type, 'end', `the stream ended with ${JSON.stringify(last)}`);
  if (last.type === 'end') assert.equal(last.finish_reason, reason);
});

Then(
  'both streams end with finish_reason {string} or {string}',
  function (this: ConformanceWorld, first: string, second: string) {
    const previous = this.previousStreams.at(-1);
    assert.ok(previous !== undefined, 'only one stream ran');
    for (const stream of [previous, this.lastStream]) {
      assert.equal(stream.rejection, undefined, 'a stream was rejected');
      assertSequenceFollowsContract(stream.events);
      const last = terminalEvent(stream);
      assert.ok(
        last.type === 'end' && (last.finish_reason === first || last.finish_reason === second),
        `the stream ended with ${JSON.stringify(last)}`,
      );
    }
  },
);

Then('at most {int} token events were delivered', function (this: ConformanceWorld, maximum: number) {
  const tokens = this.events.filter((event) => event.type === 'token').length;
  assert.ok(tokens <= maximum, `${tokens} token events for max_tokens ${maximum}`);
});

Then(
  'the end event reports tokens_out {int} when it reports tokens_out',
  function (this: ConformanceWorld, expected: number) {
    const last = terminalEvent(this.lastStream);
    if (last.type === 'end' && last.tokens_out !== undefined) assert.equal(last.tokens_out, expected);
  },
);
