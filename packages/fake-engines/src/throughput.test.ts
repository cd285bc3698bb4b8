import { afterEach, describe, expect, it } from 'vitest';
import type { FakeEngine } from './fake-engine.js';
import { startFakeEngine } from './start-fake-engine.js';
import { ENGINE_PROFILES } from './testing/engine-profiles.js';
import { postJson } from './testing/http-test-helpers.js';

const TOKENS = 20_000;

let engine: FakeEngine | null = null;

afterEach(async () => {
  await engine?.close();
  engine = null;
});

// Prints tokens/s per engine for one unthrottled stream; it asserts the token count only (no timing goal).
describe.each(ENGINE_PROFILES)('throughput of the fake $kind', (profile) => {
  it(`streams ${TOKENS} tokens and reports tokens/s`, async () => {
    engine = await startFakeEngine(profile.kind, { eosAfterTokens: 0, contextLength: TOKENS * 4 });
    const started = performance.now();
    const response = await postJson(engine.url, profile.streamPath, profile.streamBody(TOKENS));
    let bytes = 0;
    for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).length;
    const seconds = (performance.now() - started) / 1000;
    await engine.whenIdle();
    expect(engine.stats.tokensGenerated).toBe(TOKENS);
    console.log(
      `[throughput] ${profile.kind}: ${TOKENS} tokens in ${(seconds * 1000).toFixed(0)} ms = ${Math.round(TOKENS / seconds)} tokens/s (${(bytes / 1e6).toFixed(1)} MB)`,
    );
  });
});
