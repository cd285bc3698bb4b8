import { describe, expect, it } from 'vitest';
import { TaskError } from '../errors/task-error.js';
import type { StreamEvent } from '../events/stream-event.js';
import { createTaskStream } from './create-task-stream.js';
import type { TaskEventSink } from './task-event-sink.js';
import { taskStreamFromEvents } from './task-stream-from-events.js';

const started: StreamEvent = {
  type: 'started',
  task_id: 't',
  model: 'm',
  pool_id: '',
  replica_id: '',
  engine: 'e',
  engine_version: '1',
  queue_position: 0,
  seed: 1,
  attempt: 1,
};
const token = (i: number): StreamEvent => ({ type: 'token', i, t: `w${i}` });
const end: StreamEvent = { type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos' };

/** A producer the test drives: it records what the consumer asked of it. */
function scripted() {
  const calls: string[] = [];
  let sink: TaskEventSink | undefined;
  const stream = createTaskStream((given) => {
    sink = given;
    return {
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      close: () => calls.push('close'),
    };
  });
  return {
    stream,
    calls,
    push: (event: StreamEvent) => sink?.event(event),
    fail: (e: TaskError) => sink?.fail(e),
  };
}

describe('createTaskStream (ORCH-PIPE-001)', () => {
  it('pushes events straight into the sink given to start', () => {
    const seen: StreamEvent[] = [];
    const { stream, push } = scripted();
    stream.start({ event: (event) => seen.push(event), fail: () => {} });
    push(started);
    push(token(0));
    expect(seen).toEqual([started, token(0)]);
  });

  it('derives an iterator that yields the pushed events in order and then finishes', async () => {
    const { stream, push } = scripted();
    const iterator = stream[Symbol.asyncIterator]();
    const first = iterator.next();
    push(started);
    push(token(0));
    push(end);
    expect(await first).toEqual({ value: started, done: false });
    expect(await iterator.next()).toEqual({ value: token(0), done: false });
    expect(await iterator.next()).toEqual({ value: end, done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('rejects the first read with the failure of a stream that never started', async () => {
    const { stream, fail } = scripted();
    const iterator = stream[Symbol.asyncIterator]();
    fail(new TaskError('engine_unavailable', 'down'));
    await expect(iterator.next()).rejects.toMatchObject({ code: 'engine_unavailable' });
  });

  it('pauses a producer that runs far ahead of the iterating consumer and resumes it once drained', async () => {
    const { stream, push, calls } = scripted();
    const iterator = stream[Symbol.asyncIterator]();
    push(started);
    for (let i = 0; i < 70; i += 1) push(token(i));
    expect(calls).toEqual(['pause']);
    for (let i = 0; i < 60; i += 1) await iterator.next();
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('closes the producer when the consumer stops early', async () => {
    const second = scripted();
    const iterator = second.stream[Symbol.asyncIterator]();
    second.push(started);
    await iterator.next();
    await iterator.return?.();
    expect(second.calls).toEqual(['close']);
  });

  it('drops what was pushed but not read when the consumer aborts: no further token', async () => {
    const controller = new AbortController();
    let sink: TaskEventSink | undefined;
    const stream = createTaskStream((given) => {
      sink = given;
      return { pause() {}, resume() {}, close() {} };
    }, controller.signal);
    const iterator = stream[Symbol.asyncIterator]();
    sink?.event(started);
    sink?.event(token(0));
    sink?.event(token(1));
    sink?.event(end);
    expect(await iterator.next()).toEqual({ value: started, done: false });
    controller.abort();
    expect(await iterator.next()).toEqual({
      value: { type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'cancelled' },
      done: false,
    });
    expect((await iterator.next()).done).toBe(true);
  });

  it('is consumed once', () => {
    const { stream } = scripted();
    stream.start({ event() {}, fail() {} });
    expect(() => stream[Symbol.asyncIterator]()).toThrow('consumed once');
  });
});

describe('taskStreamFromEvents', () => {
  async function* events(list: StreamEvent[], failWith?: TaskError): AsyncGenerator<StreamEvent> {
    for (const event of list) yield event;
    if (failWith !== undefined) throw failWith;
  }

  function pushAll(list: StreamEvent[], failWith?: TaskError) {
    const seen: StreamEvent[] = [];
    const failures: TaskError[] = [];
    taskStreamFromEvents(events(list, failWith)).start({
      event: (event) => seen.push(event),
      fail: (error) => failures.push(error),
    });
    return { seen, failures };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('pushes every event of the iterable', async () => {
    const result = pushAll([started, token(0), end]);
    await settle();
    expect(result.seen).toEqual([started, token(0), end]);
    expect(result.failures).toEqual([]);
  });

  it('turns an end without a terminal event into a stream_truncated failure, never a silent success', async () => {
    const result = pushAll([started, token(0)]);
    await settle();
    expect(result.failures.map((error) => error.code)).toEqual(['stream_truncated']);
  });

  it('turns a throw into the failure', async () => {
    const result = pushAll([], new TaskError('engine_unavailable', 'down'));
    await settle();
    expect(result.failures.map((error) => error.code)).toEqual(['engine_unavailable']);
  });

  it('iterates the iterable itself', async () => {
    const seen: StreamEvent[] = [];
    for await (const event of taskStreamFromEvents(events([started, token(0)]))) seen.push(event);
    expect(seen).toEqual([started, token(0)]);
  });
});
