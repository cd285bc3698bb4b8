import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { collectTimings, compareTimings, runFixedStreams, type StreamTiming } from './fixed-streams-load.js';
import type { RelayHandle } from './relay-handle.js';
import { LLAMACPP_PROTOCOL } from './relay-protocol.js';

const timing = (ttftMs: number | null, gaps: number[], complete = true): StreamTiming => ({
  ttftMs,
  gapsMs: Float64Array.from(gaps),
  complete,
});

describe('compareTimings', () => {
  it('subtracts the direct timing of the same seed, token by token', () => {
    const direct = new Map([
      [1, timing(2, [10, 40, 10])],
      [2, timing(3, [10, 10])],
    ]);
    const relayed = new Map([
      [1, timing(5, [11, 40.5, 9])],
      [2, timing(4, [12, 10])],
    ]);
    const { addedTtftMs, addedGapsMs } = compareTimings(relayed, direct);
    expect([...addedTtftMs]).toEqual([3, 1]);
    expect([...addedGapsMs]).toEqual([1, 0.5, -1, 2, 0]);
  });

  it('leaves out seeds missing or incomplete on either path', () => {
    const direct = new Map([
      [1, timing(2, [10])],
      [2, timing(2, [10], false)],
    ]);
    const relayed = new Map([
      [1, timing(3, [10])],
      [2, timing(3, [10])],
      [3, timing(3, [10])],
    ]);
    expect(compareTimings(relayed, direct).addedTtftMs).toHaveLength(1);
  });

  it('compares only the tokens both paths delivered', () => {
    const { addedGapsMs } = compareTimings(
      new Map([[1, timing(1, [10, 10, 10])]]),
      new Map([[1, timing(1, [9])]]),
    );
    expect([...addedGapsMs]).toEqual([1]);
  });
});

describe('collectTimings', () => {
  it('pools every TTFT and gap of a run', () => {
    const { ttftMs, gapsMs } = collectTimings(
      new Map([
        [1, timing(2, [10, 0])],
        [2, timing(null, [5])],
      ]),
    );
    expect([...ttftMs]).toEqual([2]);
    expect([...gapsMs]).toEqual([10, 0, 5]);
  });
});

describe('runFixedStreams', () => {
  it('sends every stream of a round together, and a round only once the previous one ended', async () => {
    const arrived = new Map<number, number>();
    const ended = new Map<number, number>();
    // A llama.cpp-like engine that answers 10-70 ms after a request arrived (by seed): one token, then the end.
    const engine = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const seed = (JSON.parse(body) as { seed: number }).seed;
        arrived.set(seed, performance.now());
        setTimeout(
          () => {
            response.writeHead(200, { 'content-type': 'text/event-stream' });
            response.end('data: {"content":"a","stop":false}\n\ndata: {"content":"","stop":true}\n\n', () =>
              ended.set(seed, performance.now()),
            );
          },
          10 + (seed % 4) * 20,
        );
      });
    });
    await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
    const relay: RelayHandle = {
      name: 'direct',
      baseUrl: new URL(`http://127.0.0.1:${(engine.address() as AddressInfo).port}`),
      protocol: LLAMACPP_PROTOCOL,
      pids: () => [],
      description: 'test engine',
      stop: async () => {},
    };
    try {
      const result = await runFixedStreams(relay, {
        streams: 4,
        streamsPerWorker: 3,
        maxTokens: 1,
        prompt: 'Hi',
        startTogether: true,
      });
      expect([...result.timings.keys()].sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
      ]);
      expect([...result.timings.values()].every((timing) => timing.complete)).toBe(true);
      const round = (index: number) => [1, 2, 3, 4].map((offset) => offset + index * 4);
      for (const index of [0, 1, 2]) {
        const seeds = round(index);
        const lastArrival = Math.max(...seeds.map((seed) => arrived.get(seed) as number));
        const firstEnd = Math.min(...seeds.map((seed) => ended.get(seed) as number));
        expect(lastArrival).toBeLessThan(firstEnd);
        if (index > 0) {
          const previousLastEnd = Math.max(...round(index - 1).map((seed) => ended.get(seed) as number));
          const firstArrival = Math.min(...seeds.map((seed) => arrived.get(seed) as number));
          expect(firstArrival).toBeGreaterThan(previousLastEnd);
        }
      }
    } finally {
      engine.closeAllConnections();
      await new Promise((resolve) => engine.close(resolve));
    }
  });
});
