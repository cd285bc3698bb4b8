import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StreamEvent } from '@orch/adapter-api';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './process-groups.js';
import { BUILT_CLI, spawnOrchestrator } from './spawn-orchestrator.js';
import { readEvents } from './test-app.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STREAMS = 20;
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.pid) child.kill('SIGKILL');
});

/** A mock pool whose 20 streams take about a second each, well inside the grace. */
function writeConfig(graceMs: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'orch-signals-'));
  const path = join(dir, 'orch.yaml');
  writeFileSync(
    path,
    [
      `server: { shutdown_grace_ms: ${graceMs} }`,
      'pools:',
      '  - id: m',
      '    model: m',
      '    engine: mock',
      '    replicas: [{ id: r0, max_concurrency: 32, options: { tokens_per_second: 20 } }]',
    ].join('\n'),
  );
  return path;
}

/** Opens the streams and waits until each has its first token (so each is running when the signals come). */
async function openStreams(url: string, maxTokens: number): Promise<Promise<StreamEvent[]>[]> {
  const responses = await Promise.all(
    Array.from({ length: STREAMS }, () =>
      fetch(`${url}/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', prompt: 'x', max_tokens: maxTokens }),
      }),
    ),
  );
  for (const response of responses) expect(response.status).toBe(200);
  return responses.map((response) => readEvents(response));
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('shutdown signals through the command the README starts (ORCH-CLI-010, ORCH-CLI-011)', () => {
  it('drains all 20 streams to their end on SIGTERM to `node apps/orchestrator/dist/cli.js serve`, a SIGINT after it included (regression: the second signal reset them or exited at once)', async () => {
    expect(existsSync(BUILT_CLI), `${BUILT_CLI} is missing: run "pnpm build"`).toBe(true);
    // The quick start's production command is exactly this process.
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(
      'pnpm build && node apps/orchestrator/dist/cli.js serve\n',
    );
    const orchestrator = await spawnOrchestrator(['--config', writeConfig(20_000)], { entry: 'build' });
    started.push(orchestrator.child);
    const streams = await openStreams(orchestrator.url, 20);
    const exited = exitOf(orchestrator.child);
    orchestrator.child.kill('SIGTERM');
    await delay(100);
    orchestrator.child.kill('SIGINT');
    const results = await Promise.all(streams);
    for (const events of results)
      expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    expect(await exited).toBe(0);
    expect(orchestrator.logLines.join('\n')).toContain('shutdown already under way');
  }, 60_000);

  it('ends the running streams with shutting_down (never a reset) on a third signal, and exits 0', async () => {
    const orchestrator = await spawnOrchestrator(['--config', writeConfig(60_000)], { entry: 'build' });
    started.push(orchestrator.child);
    const streams = await openStreams(orchestrator.url, 1_000);
    const exited = exitOf(orchestrator.child);
    orchestrator.child.kill('SIGTERM');
    await delay(100);
    orchestrator.child.kill('SIGINT');
    await delay(100);
    orchestrator.child.kill('SIGTERM');
    const results = await Promise.all(streams);
    for (const events of results) {
      expect(events.at(-1)).toMatchObject({ type: 'error', code: 'shutting_down', retriable: true });
    }
    expect(await exited).toBe(0);
  }, 60_000);

  it('drains when SIGTERM goes to `pnpm start` and pnpm exits without its child: the server notices and drains', async () => {
    const configPath = writeConfig(20_000);
    const pnpm = spawn('pnpm', ['start', '--config', configPath, '--port', '0'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(pnpm);
    let output = '';
    pnpm.stdout?.on('data', (chunk) => (output += chunk));
    await waitFor(() => /"msg":"orchestrator listening"/.test(output), 60_000, 'pnpm start to listen');
    const url = (/"url":"([^"]+)"/.exec(output) as RegExpExecArray)[1] as string;
    const serverPid = findServerPid(configPath);
    expect(serverPid).toBeDefined();
    const streams = await openStreams(url, 20);
    pnpm.kill('SIGTERM');
    const results = await Promise.all(streams);
    for (const events of results)
      expect(events.at(-1)).toMatchObject({ type: 'end', finish_reason: 'length' });
    await waitFor(() => findServerPid(configPath) === undefined, 15_000, 'the server to exit');
  }, 120_000);
});

/** The pid of the node process serving `configPath`, if one runs. */
function findServerPid(configPath: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      if (
        state !== 'Z' &&
        commandLine.includes(BUILT_CLI.replace(REPO_ROOT, '')) &&
        commandLine.includes(configPath)
      )
        return Number(entry);
    } catch {}
  }
  return undefined;
}
