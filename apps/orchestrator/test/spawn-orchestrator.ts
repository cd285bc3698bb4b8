import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SOURCE_CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

/** The built CLI that production runs (`pnpm start`); turbo builds it before this package's tests run. */
export const BUILT_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/**
 * Which CLI a test runs: `source` is `src/cli.ts` through tsx, with every workspace package resolved to its
 * sources (the `@orch/source` export condition), so no build is needed; `build` is `dist/cli.js` on plain Node.js,
 * with the workspace packages' `dist/` builds.
 */
export type CliEntry = 'source' | 'build';

function nodeArgs(entry: CliEntry, args: readonly string[]): string[] {
  return entry === 'build'
    ? [BUILT_CLI, ...args]
    : ['--import', 'tsx', '--conditions=@orch/source', SOURCE_CLI, ...args];
}

/** A real orchestrator process started through its CLI. */
export interface SpawnedOrchestrator {
  url: string;
  child: ChildProcess;
  logLines: string[];
  stop(): Promise<number | null>;
}

/** Runs the CLI to completion and returns its exit code and output (for usage errors). */
export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs('source', args), { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `orch serve --port 0 …` and resolves once it logs the address it listens on. */
export function spawnOrchestrator(
  args: string[] = [],
  /** `readyMessage`: the log line that says it serves (a primary of `server.workers` logs `workers listening`). */
  options: { entry?: CliEntry; readyMessage?: string } = {},
): Promise<SpawnedOrchestrator> {
  const readyMessage = options.readyMessage ?? 'orchestrator listening';
  const child = spawn(
    process.execPath,
    nodeArgs(options.entry ?? 'source', ['serve', '--port', '0', ...args]),
    {
      stdio: 'pipe',
    },
  );
  const logLines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`orchestrator did not start: ${stderr}`)), 20_000);
    child.on('exit', (code) => reject(new Error(`orchestrator exited with ${code}: ${stderr}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        logLines.push(line);
        const record = JSON.parse(line) as { msg: string; url?: string };
        if (record.msg === readyMessage && record.url !== undefined) {
          clearTimeout(timer);
          const url = record.url;
          resolve({
            url,
            child,
            logLines,
            stop: () =>
              new Promise((done) => {
                child.once('exit', (code) => done(code));
                child.kill('SIGTERM');
              }),
          });
        }
        newline = buffer.indexOf('\n');
      }
    });
  });
}
