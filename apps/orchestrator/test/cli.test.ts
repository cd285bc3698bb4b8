import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './spawn-orchestrator.js';

describe('orch command line (ORCH-CLI-001)', () => {
  it('documents every option in --help and exits 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const option of ['serve', '--config', '--host', '--port', '--help'])
      expect(stdout).toContain(option);
  });

  it('refuses an unknown option with a message naming it and exit code 2', async () => {
    const { code, stderr } = await runCli(['serve', '--prot', '1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--prot/);
  });

  it('refuses a bad port and a missing command', async () => {
    expect(await runCli(['serve', '--port', 'eighty'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--port/),
    });
    expect(await runCli([])).toMatchObject({ code: 2, stderr: expect.stringMatching(/command is required/) });
  });

  it('refuses a config file that does not exist or is invalid, naming the problem', async () => {
    const missing = await runCli(['serve', '--config', '/nonexistent/orch.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/orch\.yaml: cannot read the configuration file \(file not found\)/);
    const dir = mkdtempSync(join(tmpdir(), 'orch-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'pools:\n  - id: p\n    model: p\n    engine: vllm\n    replicas: [{ id: r }]\n');
    const invalid = await runCli(['serve', '--config', file, '--port', '0']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/pools\[0\]\.replicas\[0\]\.url: required for engine "vllm"/);
  });
});
