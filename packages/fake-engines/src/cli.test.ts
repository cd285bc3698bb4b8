import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
let child: ChildProcess | null = null;

afterEach(() => {
  child?.kill('SIGTERM');
  child = null;
});

function runCli(args: string[]): ChildProcess {
  child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@orch/source', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return child;
}

function finish(cli: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  cli.stdout?.on('data', (data: Buffer) => {
    stdout += data.toString();
  });
  cli.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  return new Promise((resolve) => cli.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('fake-engine CLI', { timeout: 20_000 }, () => {
  it('prints usage for --help and exits 0', async () => {
    const result = await finish(runCli(['--help']));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: fake-engine <engine> [options]');
    expect(result.stdout).toContain('--tokens-per-second');
  });

  it('exits 2 with a clear message for a bad option', async () => {
    const result = await finish(runCli(['vllm', '--port', 'nope']));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be an integer');
  });

  it('runs an engine in the foreground until SIGTERM', async () => {
    const cli = runCli(['llamacpp', '--port', '0', '--model', 'cli-model']);
    const done = finish(cli);
    const url = await new Promise<string>((resolve, reject) => {
      cli.stdout?.on('data', (data: Buffer) => {
        const match = /listening on (http:\/\/\S+)/.exec(data.toString());
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      cli.on('close', () => reject(new Error('CLI exited before listening')));
    });
    const props = (await (await fetch(`${url}/props`)).json()) as { model_alias: string };
    expect(props.model_alias).toBe('cli-model');
    cli.kill('SIGTERM');
    expect((await done).code).toBe(0);
  });
});
