import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { register } from 'tsx/esm/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConformanceRunResult, runConformance } from './run-conformance.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`./__fixtures__/${name}.profile.ts`, import.meta.url));

/** Cucumber imports the TypeScript step definitions natively; vitest's transform does not reach them. */
const unregister = register();
let reportDir: string;
let support: ISupportCodeLibrary | undefined;

async function run(profile: string): Promise<ConformanceRunResult & { output: string }> {
  let output = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output += String(chunk);
      done();
    },
  });
  const result = await runConformance({
    profile,
    reportDir,
    stdout: sink,
    stderr: sink,
    ...(support === undefined ? {} : { support }),
  });
  support = result.support;
  return { ...result, output };
}

beforeAll(async () => {
  reportDir = await mkdtemp(join(tmpdir(), 'conformance-test-'));
});

afterAll(async () => {
  await rm(reportDir, { recursive: true, force: true });
  await unregister();
});

describe('the conformance suite', () => {
  it('passes the built-in mock profile with every scenario run', async () => {
    const result = await run('mock');
    expect(result.success).toBe(true);
    expect(result.scenarios.failed).toBe(0);
    expect(result.scenarios.skipped).toBe(0);
    expect(result.scenarios.passed).toBeGreaterThanOrEqual(20);
  });

  it('fails an adapter that closes streams without a terminal event (CONF-001, OC-ADAPT-6011)', async () => {
    const result = await run(fixture('drops-terminal-event'));
    expect(result.success).toBe(false);
    expect(result.failedScenarios).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^@CONF-001 /),
        expect.stringMatching(/^@CONF-003 /),
        expect.stringMatching(/^@CONF-016 /),
      ]),
    );
    expect(result.failedScenarios).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^@CONF-005 /)]),
    );
    expect(result.output).toContain('the stream has no terminal event');
  });

  it('fails an adapter that repeats a token index (CONF-001, OC-ADAPT-6011)', async () => {
    const result = await run(fixture('repeats-token-index'));
    expect(result.success).toBe(false);
    expect(result.failedScenarios).toEqual(expect.arrayContaining([expect.stringMatching(/^@CONF-001 /)]));
    expect(result.output).toContain('has i=1, expected 2');
  });

  it('fails an adapter that delivers a token after the cancel (CONF-008, CONF-009)', async () => {
    const result = await run(fixture('tokens-after-cancel'));
    expect(result.success).toBe(false);
    expect(result.failedScenarios.map((name) => name.split(' ')[0]).sort()).toEqual([
      '@CONF-008',
      '@CONF-009',
    ]);
    expect(result.output).toContain('token events arrived after the cancel');
  });

  it('reports scenarios listed as unsupported as skipped by the profile, with the reason', async () => {
    const result = await run(fixture('mock-without-engine-control'));
    expect(result.success).toBe(true);
    expect(result.scenarios.skipped).toBe(1);
    expect(result.skippedByProfile).toEqual([
      {
        id: '@CONF-014',
        scenario: 'Health reports the engine down, then ready again when it returns',
        reason: 'the engine runs elsewhere and cannot be stopped by the suite',
      },
    ]);
  });

  it('writes the HTML, JSON and messages reports of a run', async () => {
    const { reports } = await run('mock');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(reports.html, 'utf8')).toContain('<html');
    const json = JSON.parse(await readFile(reports.json, 'utf8')) as { elements: unknown[] }[];
    expect(json.flatMap((feature) => feature.elements).length).toBeGreaterThanOrEqual(20);
    expect(await readFile(reports.messages, 'utf8')).toContain('"testRunFinished"');
  });
});
