import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readTaskStream } from '@orch/adapter-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectExpressions, readDashboard, substituteGrafanaVariables } from './dashboard-queries.js';
import { type SpawnedOrchestrator, spawnOrchestrator } from './spawn-orchestrator.js';

const run = promisify(execFile);
const FETCH_PROMTOOL = fileURLToPath(new URL('../scripts/fetch-promtool.sh', import.meta.url));

/** Runs `promtool check metrics` on a scrape (stdin); its exit code and what it printed. */
function checkMetrics(promtool: string, scrape: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
    child.stdin.end(scrape);
  });
}

describe('promtool check metrics on a live scrape (ORCH-MET-015)', () => {
  let orchestrator: SpawnedOrchestrator;
  let promtool: string;

  beforeAll(async () => {
    // Debian's prometheus package, unpacked into .cache (nothing installed); a no-op once it is there.
    const fetched = run('bash', [FETCH_PROMTOOL], { maxBuffer: 16 * 1024 * 1024 });
    [orchestrator, { stdout: promtool }] = await Promise.all([spawnOrchestrator(), fetched]);
    promtool = promtool.trim();
  }, 300_000);

  afterAll(async () => {
    await orchestrator?.stop();
  });

  it('reports no problem on the scrape of a real process that served tasks', async () => {
    for (const body of [
      { model: 'mock', prompt: 'Hello', max_tokens: 6, seed: 1 },
      { model: 'mock', prompt: 'Hello', max_tokens: 3, priority: 'batch' },
      { model: 'nope', prompt: 'x' },
    ]) {
      const response = await fetch(`${orchestrator.url}/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok)
        for await (const _event of readTaskStream(response.body as ReadableStream<Uint8Array>));
      else await response.text();
    }
    const scrape = await (await fetch(`${orchestrator.url}/metrics`)).text();
    expect(scrape).toContain('orch_inter_token_latency_seconds_bucket');
    expect(scrape).toContain('process_resident_memory_bytes');
    const { code, output } = await checkMetrics(promtool, scrape);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('would report a problem: promtool really lints what it is given', async () => {
    const bad =
      '# HELP orch_bad A gauge named like a counter.\n# TYPE orch_bad_total gauge\norch_bad_total 1\n';
    const { code, output } = await checkMetrics(promtool, bad);
    expect(code).not.toBe(0);
    expect(output).toContain('orch_bad_total');
  });

  it('parses every PromQL query of the Grafana dashboard (ORCH-MET-016)', async () => {
    // Prometheus' own parser, through `promtool check rules`: each query becomes a recording rule.
    const rules = collectExpressions(readDashboard())
      .filter(({ where }) => where.startsWith('panel'))
      .map(({ expr }, index) => ({
        record: `dashboard:query_${index}`,
        expr: substituteGrafanaVariables(expr),
      }));
    expect(rules.length).toBeGreaterThanOrEqual(30);
    const folder = mkdtempSync(join(tmpdir(), 'orch-dashboard-'));
    try {
      const file = join(folder, 'dashboard-rules.yml');
      // JSON is YAML: no quoting of the expressions to get wrong.
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
      const { stdout } = await run(promtool, ['check', 'rules', file]);
      expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
      writeFileSync(
        file,
        JSON.stringify({ groups: [{ name: 'broken', rules: [{ record: 'x:y', expr: 'sum(' }] }] }),
      );
      await expect(run(promtool, ['check', 'rules', file])).rejects.toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
