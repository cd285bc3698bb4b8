import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ChunkSink, openChunkReader } from './open-chunk-reader.js';

function recordingSink() {
  const seen: string[] = [];
  const sink: ChunkSink = {
    onChunk: (chunk) => seen.push(Buffer.from(chunk).toString('utf8')),
    onBodyEnd: () => seen.push('<end>'),
    onBodyError: (error) => seen.push(`<error ${(error as { code?: string }).code}>`),
  };
  return { seen, sink };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('openChunkReader', () => {
  it('pushes the chunks of a Node stream in order, holds them while paused, then its end', async () => {
    const body = new PassThrough();
    const { seen, sink } = recordingSink();
    const reader = openChunkReader(body, sink);
    body.write('a');
    await tick();
    reader.pause();
    body.write('b');
    await tick();
    expect(seen).toEqual(['a']);
    reader.resume();
    body.end('c');
    await tick();
    expect(seen.join('')).toBe('abc<end>');
  });

  it('reports a Node stream destroyed before its end as a premature close, and nothing after cancel', async () => {
    const broken = new PassThrough();
    const first = recordingSink();
    openChunkReader(broken, first.sink);
    broken.destroy();
    await tick();
    expect(first.seen).toEqual(['<error ERR_STREAM_PREMATURE_CLOSE>']);
    const cancelled = new PassThrough();
    const second = recordingSink();
    openChunkReader(cancelled, second.sink).cancel();
    await tick();
    expect(second.seen).toEqual([]);
    expect(cancelled.destroyed).toBe(true);
  });

  it('pulls an async iterable while not paused', async () => {
    const { seen, sink } = recordingSink();
    async function* chunks() {
      yield new TextEncoder().encode('x');
      yield new TextEncoder().encode('y');
    }
    openChunkReader(chunks(), sink);
    await tick();
    expect(seen).toEqual(['x', 'y', '<end>']);
  });
});
