import { afterEach, describe, expect, it } from 'vitest';
import type { FakeEngine } from './fake-engine.js';
import type { FakeEngineOptions } from './fake-engine-options.js';
import { startFakeEngine } from './start-fake-engine.js';
import { ENGINE_PROFILES, type EngineProfile, streamPayloads } from './testing/engine-profiles.js';
import { endsMidCharacter, postJson } from './testing/http-test-helpers.js';
import { rawHttpRequest } from './testing/raw-http-request.js';

/** Polls `check` until it is true (every 25 ms, at most `limitMs`). */
async function eventually(check: () => Promise<boolean>, limitMs = 10_000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

let engine: FakeEngine | null = null;

async function start(profile: EngineProfile, options: FakeEngineOptions = {}): Promise<FakeEngine> {
  engine = await startFakeEngine(profile.kind, { defaultSeed: 4, eosAfterTokens: 0, ...options });
  return engine;
}

afterEach(async () => {
  await engine?.close();
  engine = null;
});

describe.each(ENGINE_PROFILES)('fault knobs on the fake $kind', (profile) => {
  it('refuses connections while refuse is set and accepts them again after', async () => {
    const fake = await start(profile);
    await fake.setFaults({ refuse: true });
    await expect(fetch(`${fake.url}${profile.plainPath}`, { method: 'POST' })).rejects.toThrow();
    await fake.setFaults({});
    expect((await postJson(fake.url, profile.plainPath, profile.plainBody(2))).status).toBe(200);
  });

  it('holds the response headers back for stallBeforeHeadersMs', async () => {
    const fake = await start(profile, { faults: { stallBeforeHeadersMs: 80 } });
    const started = performance.now();
    const response = await postJson(fake.url, profile.streamPath, profile.streamBody(2));
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });

  it('stalls mid-stream after stallAfterTokens, then finishes the stream', async () => {
    const fake = await start(profile, { faults: { stallAfterTokens: 2, stallMs: 80 } });
    const started = performance.now();
    const raw = await rawHttpRequest(fake.url, profile.streamPath, { body: profile.streamBody(5) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(raw.reads.length).toBeGreaterThanOrEqual(2);
    expect(fake.stats.completedGenerations).toBe(1);
    expect(fake.stats.tokensGenerated).toBe(5);
  });

  it('destroys the connection after dropAfterTokens with no final event', async () => {
    const fake = await start(profile, { faults: { dropAfterTokens: 3 } });
    const raw = await rawHttpRequest(fake.url, profile.streamPath, { body: profile.streamBody(10) });
    const payloads = streamPayloads(profile, raw.body.toString('utf8'));
    const tokenEvents = profile.countTokenEvents(raw.body.toString('utf8'));
    expect(tokenEvents).toBeGreaterThanOrEqual(1);
    expect(tokenEvents).toBeLessThanOrEqual(3);
    expect(JSON.stringify(payloads)).not.toMatch(
      /"stop":true|"done":true|\[DONE\]|"finish_reason":"length"|"generated_text":"/,
    );
    await fake.whenIdle();
    expect(fake.stats.droppedConnections).toBe(1);
    expect(fake.stats.tokensGenerated).toBe(3);
  });

  it('sends the native error after errorAfterTokens', async () => {
    const fake = await start(profile, { faults: { errorAfterTokens: 3, errorMessage: 'injected-boom' } });
    const raw = await rawHttpRequest(fake.url, profile.streamPath, { body: profile.streamBody(10) });
    const body = raw.body.toString('utf8');
    expect(body).toContain('injected-boom');
    const last = streamPayloads(profile, body).at(-1) ?? {};
    expect(last).toHaveProperty('error');
    expect(fake.stats.injectedErrors).toBe(1);
  });

  it('fails only the next request with httpStatus scoped by forRequests', async () => {
    const fake = await start(profile);
    await fake.setFaults({ httpStatus: 503, forRequests: 1 });
    const failed = await postJson(fake.url, profile.plainPath, profile.plainBody(2));
    expect(failed.status).toBe(503);
    expect(JSON.stringify(await failed.json())).toMatch(/error/);
    expect((await postJson(fake.url, profile.plainPath, profile.plainBody(2))).status).toBe(200);
  });

  it('drips tokens at tokensPerSecond instead of sending them in one write', async () => {
    const fake = await start(profile, { tokensPerSecond: 100 });
    const started = performance.now();
    const raw = await rawHttpRequest(fake.url, profile.streamPath, { body: profile.streamBody(8) });
    // 8 tokens at 100/s take at least 70 ms; a busy client may read several paced writes as one chunk, so the
    // chunk count only proves the answer was not a single write.
    expect(performance.now() - started).toBeGreaterThanOrEqual(65);
    expect(raw.chunks.length).toBeGreaterThanOrEqual(2);
  });

  it('splits a multi-byte character across two writes with splitMultibyte', async () => {
    const fake = await start(profile, { faults: { splitMultibyte: true } });
    const raw = await rawHttpRequest(fake.url, profile.streamPath, { body: profile.streamBody(60) });
    expect(raw.chunks.some((chunk) => endsMidCharacter(chunk))).toBe(true);
    expect(raw.body.toString('utf8')).not.toContain('\ufffd');
  });

  it('counts a client that goes away mid-stream as an aborted stream and stops generating', async () => {
    const fake = await start(profile, { tokensPerSecond: 200 });
    const controller = new AbortController();
    const response = await postJson(fake.url, profile.streamPath, profile.streamBody(1000), {
      signal: controller.signal,
    });
    await response.body?.getReader().read();
    expect(fake.activeStreams).toBe(1);
    controller.abort();
    await fake.whenIdle();
    expect(fake.activeStreams).toBe(0);
    expect(fake.abortedStreams).toBe(1);
    expect(fake.stats.tokensGenerated).toBeLessThan(200);
  });
});

describe.each(ENGINE_PROFILES.filter((profile) => profile.framing === 'sse'))(
  'keep-alive on the fake $kind',
  (profile) => {
    it('writes ":" keep-alive comments while idle with keepAliveEveryMs', async () => {
      const fake = await start(profile, {
        faults: { stallAfterTokens: 1, stallMs: 100, keepAliveEveryMs: 20 },
      });
      const raw = await rawHttpRequest(fake.url, profile.streamPath, { body: profile.streamBody(3) });
      expect(raw.body.toString('utf8')).toContain(':\n\n');
    });
  },
);

// TGI is left out: its empty texts come only from incomplete characters (specs/engines/tgi.md B.1), tested in its own suite.
describe.each(ENGINE_PROFILES.filter((profile) => profile.kind !== 'tgi'))(
  'empty-text events on the fake $kind',
  (profile) => {
    it('adds empty-text events with emptyTextEvents', async () => {
      const fake = await start(profile);
      const plain = streamPayloads(
        profile,
        (await rawHttpRequest(fake.url, profile.streamPath, { body: profile.streamBody(6) })).body.toString(
          'utf8',
        ),
      );
      await fake.setFaults({ emptyTextEvents: true });
      const padded = streamPayloads(
        profile,
        (await rawHttpRequest(fake.url, profile.streamPath, { body: profile.streamBody(6) })).body.toString(
          'utf8',
        ),
      );
      const empties = (payloads: Array<Record<string, unknown>>) =>
        payloads.filter((payload) => profile.eventText(payload) === '' && !('error' in payload)).length;
      expect(empties(padded)).toBeGreaterThan(empties(plain));
      const text = (payloads: Array<Record<string, unknown>>) =>
        payloads.map((payload) => profile.eventText(payload)).join('');
      expect(text(padded)).toBe(text(plain));
    });
  },
);

describe('loading on engines whose port stays closed until ready (vLLM, TGI)', () => {
  it.each(['vllm', 'tgi'] as const)(
    'refuses connections to the fake %s for loadingForMs, then serves',
    async (kind) => {
      engine = await startFakeEngine(kind, { faults: { loadingForMs: 1_500 } });
      const url = engine.url;
      await expect(fetch(`${url}/health`)).rejects.toThrow();
      const served = async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200;
      expect(await eventually(served)).toBe(true);
    },
  );
});
