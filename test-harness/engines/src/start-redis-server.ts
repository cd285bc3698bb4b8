import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const FETCH_SCRIPT = fileURLToPath(new URL('../fetch-redis-server.sh', import.meta.url));

/** A real redis-server (Debian's, fetched into .cache) on a free loopback port, with a temporary dir. */
export interface RedisServerFixture {
  url: string;
  port: number;
  child: ChildProcess;
  /** A plain client for the test's own reads (closed by {@link stop}). */
  client: Redis;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
  freeze(): void;
  /** Thaws it (SIGCONT). */
  thaw(): void;
  stop(): Promise<void>;
}

/** The redis-server wrapper, fetched once (idempotent; the first call downloads a few MB). */
export function fetchRedisServer(): string {
  return execFileSync('bash', [FETCH_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts redis-server (no persistence) and resolves once it answers PING. */
export async function startRedisServer(): Promise<RedisServerFixture> {
  const binary = fetchRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'orch-redis-'));
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore', detached: false },
  );
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 1_000, retryStrategy: () => 50 });
  client.on('error', () => {});
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await client.ping();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    port,
    child,
    client,
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    async stop() {
      client.disconnect();
      child.kill('SIGCONT');
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
