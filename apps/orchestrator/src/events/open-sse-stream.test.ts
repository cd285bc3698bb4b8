import { describe, expect, it } from 'vitest';
import { openSseStream } from './open-sse-stream.js';

const MiB = 1024 * 1024;

describe('openSseStream (ORCH-UI-012)', () => {
  it('takes a first frame of any size, then refuses a write past 8 MiB unread beyond it', async () => {
    let closedWith: unknown;
    const { subscriber, response } = openSseStream('key:a', (closed) => {
      closedWith = closed;
    });
    // A snapshot of 40,000 recent tasks is about 12 MiB: it goes out whole, and the reader is not yet behind.
    expect(subscriber.send('x'.repeat(12 * MiB))).toBe(true);
    expect(subscriber.send('y'.repeat(7 * MiB))).toBe(true);
    expect(subscriber.send('z'.repeat(2 * MiB))).toBe(false);
    // What the reader reads is no longer unread: the same write fits again.
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let read = 0;
    while (read < 12 * MiB) read += ((await reader.read()).value as Uint8Array).byteLength;
    expect(subscriber.send('w'.repeat(2 * MiB))).toBe(true);
    subscriber.close();
    expect(closedWith).toBe(subscriber);
    expect(subscriber.send('late')).toBe(false);
  });

  it('bounds a stream whose first frame is small by 8 MiB', () => {
    const { subscriber } = openSseStream(undefined, () => {});
    expect(subscriber.send('snapshot')).toBe(true);
    expect(subscriber.send('a'.repeat(8 * MiB - 16))).toBe(true);
    expect(subscriber.send('b'.repeat(64))).toBe(false);
  });
});
