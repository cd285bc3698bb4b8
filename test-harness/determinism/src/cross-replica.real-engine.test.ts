import type { Task, WorkerAdapter } from '@orch/adapter-api';
import { createLlamaCppAdapter } from '@orch/adapter-llamacpp-http';
import { type RunningLlamaServer, startLlamaServer } from '@orch/engine-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStreamRecords } from './compare-stream-records.js';
import { mapWithConcurrency } from './map-with-concurrency.js';
import { recordEventStream, textOfRecord } from './record-event-stream.js';
import { recordLlamaCppCompletion } from './record-llamacpp-completion.js';
import type { StreamRecord } from './stream-record.js';

/** 64 seeds spread over the 32-bit range (a fixed list: a failure names a seed that reproduces it). */
const SEEDS = Array.from({ length: 64 }, (_, index) => (index * 2_654_435_761 + 12_345) >>> 0);
const PROMPT = 'Once upon a time';
const MAX_TOKENS = 24;
/**
 * Requests in flight per replica. The two replicas run in parallel; each one's requests go one at a time:
 * a one-slot server gains nothing from more, and concurrent requests currently hit a connection-reuse race
 * in the adapter's HTTP client ("other side closed" on a reused socket, see README) that is not a
 * determinism question.
 */
const CONCURRENCY = 1;

function sampledTask(seed: number): Task {
  return {
    task_id: `determinism-${seed}`,
    model: 'tiny',
    prompt: PROMPT,
    max_tokens: MAX_TOKENS,
    temperature: 0.9,
    seed,
    priority: 'interactive',
  };
}

function recordAll(adapter: WorkerAdapter, seeds: readonly number[]): Promise<StreamRecord[]> {
  return mapWithConcurrency(seeds, CONCURRENCY, (seed) =>
    recordEventStream(adapter.submit(sampledTask(seed))),
  );
}

function differencesBySeed(left: StreamRecord[], right: StreamRecord[], seeds: readonly number[]) {
  return seeds
    .map((seed, index) => ({
      seed,
      differences: compareStreamRecords(left[index] as StreamRecord, right[index] as StreamRecord),
    }))
    .filter((entry) => entry.differences.length > 0);
}

describe('determinism suite: two llama-server replicas of one model (ORCH-DET-060)', () => {
  let first: RunningLlamaServer;
  let second: RunningLlamaServer;
  let firstAdapter: WorkerAdapter;
  let secondAdapter: WorkerAdapter;
  let firstRecords: StreamRecord[];

  beforeAll(async () => {
    // Two processes, the same GGUF file, one slot each and the prompt cache off (the adapter's default).
    [first, second] = await Promise.all([
      startLlamaServer({ seed: 0, slots: 1 }),
      startLlamaServer({ seed: 0, slots: 1 }),
    ]);
    firstAdapter = createLlamaCppAdapter({ baseUrl: first.url, model: 'tiny' });
    secondAdapter = createLlamaCppAdapter({ baseUrl: second.url, model: 'tiny' });
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('serves the same model file from two distinct processes', () => {
    expect(first.pid).not.toBe(second.pid);
    expect(first.modelSha256).toBe(second.modelSha256);
  });

  it('gives byte-identical adapter streams (stamp, every token text, ending) for 64 seeds', async () => {
    const [left, right] = await Promise.all([
      recordAll(firstAdapter, SEEDS),
      recordAll(secondAdapter, SEEDS),
    ]);
    firstRecords = left;
    expect(differencesBySeed(left, right, SEEDS)).toEqual([]);
    for (const [index, record] of left.entries()) {
      expect(record.stamp).toMatchObject({ engine: 'llamacpp', seed: SEEDS[index] });
      expect(record.finish).not.toMatch(/^error:/);
      expect(record.tokens.length).toBeGreaterThan(0);
    }
  });

  it('gives identical raw /completion streams, token ids included, for 64 seeds', async () => {
    const raw = (url: string) =>
      mapWithConcurrency(SEEDS, CONCURRENCY, (seed) =>
        recordLlamaCppCompletion(url, { prompt: PROMPT, n_predict: MAX_TOKENS, seed, temperature: 0.9 }),
      );
    const [left, right] = await Promise.all([raw(first.url), raw(second.url)]);
    expect(differencesBySeed(left, right, SEEDS)).toEqual([]);
    expect(left.every((record) => (record.tokenIds?.length ?? 0) > 0)).toBe(true);
  });

  it('repeats the same stream for the same seed on one replica (ORCH-DET-061)', async () => {
    const again = await recordAll(firstAdapter, SEEDS);
    expect(differencesBySeed(firstRecords, again, SEEDS)).toEqual([]);
  });

  it('gives different streams for different seeds when sampling (ORCH-DET-062)', () => {
    const texts = firstRecords.map((record) => textOfRecord(record));
    const differingPairs = texts.slice(1).filter((text, index) => text !== texts[index]).length;
    // A random tiny model at temperature 0.9 rarely repeats itself; a seed that were ignored gives 0 here.
    expect(differingPairs).toBeGreaterThanOrEqual(60);
    expect(new Set(texts).size).toBeGreaterThanOrEqual(60);
  });
});
