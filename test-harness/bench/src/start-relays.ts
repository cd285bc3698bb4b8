import { execFile } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type BenchProcess,
  findFreePort,
  isRunning,
  startProcess,
  waitForHttpOk,
  waitForStdoutLine,
} from './child-process.js';
import { buildNodeCommand } from './node-command.js';
import { findDescendantProcesses } from './process-usage.js';
import type { PathIdentity, RelayHandle } from './relay-handle.js';
import { LLAMACPP_PROTOCOL, orchestratorProtocol } from './relay-protocol.js';
import { BENCH_DIR, benchSource, FAKE_ENGINE_CLI, ORCHESTRATOR_CLI, REPO_ROOT } from './repo-paths.js';

/** Model name of the bench pool. */
export const BENCH_MODEL = 'bench';

/** The fake llama.cpp server (its own process): never EOS, enough slots for every stream of the bench. */
export async function startFakeEngine(
  slots: number,
): Promise<{ process: BenchProcess; handle: RelayHandle }> {
  const started = startProcess({
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      '--conditions=@orch/source',
      FAKE_ENGINE_CLI,
      'llamacpp',
      '--port',
      '0',
      '--eos-after',
      '0',
    ].concat([
      '--slots',
      String(slots),
      '--context-length',
      '1000000',
      // Like llama-server --no-slots: with hundreds of slots, /slots answers (polled by the orchestrator's
      // health checks) would be a cost of the fake's size, not of relaying; the pool sets max_concurrency.
      '--options',
      JSON.stringify({ llamacpp: { slotsEndpoint: false } }),
    ]),
    stdout: 'pipe',
    cwd: REPO_ROOT,
  });
  const match = await waitForStdoutLine(started, /listening on (http:\/\/\S+)/);
  const baseUrl = new URL(match[1] as string);
  return {
    process: started,
    handle: {
      name: 'direct',
      baseUrl,
      protocol: LLAMACPP_PROTOCOL,
      pids: () => [],
      description: `fake llama.cpp (@orch/fake-engines, own process, ${slots} slots)`,
      stop: () => started.stop(),
    },
  };
}

/** Options of {@link startOrchestrator}. */
export interface StartOrchestratorOptions {
  engineUrl: URL;
  workDir: string;
  /** Write a V8 CPU profile of the orchestrator into this folder when it exits. */
  cpuProfileDir?: string;
  maxConcurrency: number;
  /** Another orchestrator CLI to run (e.g. a patched copy, to measure a change before it lands). */
  cli?: string;
  /** The Node.js binary to run it under (default: the bench's own). */
  node?: string;
  /** How its rows are named and told apart when more than one orchestrator runs (see `--compare-node`). */
  identity?: Omit<PathIdentity, 'relay'>;
  /** `server.workers` (default 1: one process). */
  workers?: number;
}

/** `orch serve --config` in its own process, one llama.cpp pool on the fake engine, logs to a file. */
export async function startOrchestrator(options: StartOrchestratorOptions): Promise<RelayHandle> {
  mkdirSync(options.workDir, { recursive: true });
  const configPath = join(options.workDir, 'orchestrator.yaml');
  // YAML is a superset of JSON.
  const config = {
    server: {
      host: '127.0.0.1',
      max_streams_per_client: 0,
      log_level: 'info',
      workers: options.workers ?? 1,
    },
    pools: [
      {
        id: 'bench',
        model: BENCH_MODEL,
        engine: 'llamacpp',
        max_tokens_limit: 1_000_000,
        timeouts: { ttft_ms: 60_000, idle_ms: 600_000 },
        queue: { max_waiting: 100_000, timeout_ms: 60_000 },
        replicas: [{ id: 'fake-0', url: options.engineUrl.origin, max_concurrency: options.maxConcurrency }],
      },
    ],
  };
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  const port = await findFreePort();
  const probeFile = join(options.workDir, 'orchestrator-memory.json');
  const logFd = openSync(join(options.workDir, 'orchestrator.log'), 'w');
  const flags =
    options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`];
  const started = startProcess({
    ...buildNodeCommand({
      node: options.node ?? process.execPath,
      script: options.cli ?? ORCHESTRATOR_CLI,
      args: ['serve', '--config', configPath, '--port', String(port)],
      flags,
    }),
    env: { ...process.env, BENCH_MEMORY_PROBE_FILE: probeFile },
    stdout: logFd,
    cwd: REPO_ROOT,
  });
  const baseUrl = new URL(`http://127.0.0.1:${port}`);
  const workers = options.workers ?? 1;
  await waitForHttpOk(new URL('/readyz', baseUrl).href, () => isRunning(started));
  if (workers > 1) await waitForWorkers(baseUrl, workers, () => isRunning(started));
  return {
    name: 'orchestrator',
    ...options.identity,
    baseUrl,
    protocol: orchestratorProtocol(BENCH_MODEL),
    // The primary and its workers: the cost of relaying is theirs together.
    pids: () => (workers > 1 ? [started.pid, ...findDescendantProcesses(started.pid)] : [started.pid]),
    // One probe file per process: the workers' memory is not probed.
    ...(workers > 1 ? {} : { memoryProbeFile: probeFile }),
    description:
      'orch serve --config (llama.cpp adapter, log level info to a file)' +
      (workers > 1 ? `, server.workers: ${workers} (coordinated through the primary)` : '') +
      (options.identity?.node === undefined ? '' : `, Node ${options.identity.node.replace(/^v/, '')}`),
    stop: () => started.stop(15_000),
  };
}

/** Waits until the primary lists `count` listening workers and each of them answers /readyz 200. */
async function waitForWorkers(baseUrl: URL, count: number, alive: () => boolean): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    if (!alive()) throw new Error('the orchestrator exited while its workers started');
    const view = (await (await fetch(new URL('/v1/replicas', baseUrl))).json()) as {
      cluster?: { instances: { url?: string }[] };
    };
    const listening = view.cluster?.instances.filter((instance) => instance.url !== undefined).length ?? 0;
    if (listening === count) {
      // Connections of their own go to the workers in turn: 4 rounds of 200 reach every worker.
      const answers = await Promise.all(
        Array.from({ length: 4 * count }, () =>
          fetch(new URL('/readyz', baseUrl), { headers: { connection: 'close' } }).then(
            (response) => response.status,
          ),
        ),
      );
      if (answers.every((status) => status === 200)) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${count} workers did not all become ready within 30 s`);
}

/** The minimal Node.js pass-through proxy (passthrough-proxy.ts) in its own process. */
export async function startNodeProxy(engineUrl: URL, workDir: string): Promise<RelayHandle> {
  const probeFile = join(workDir, 'node-proxy-memory.json');
  const started = startProcess({
    ...buildNodeCommand({
      node: process.execPath,
      script: benchSource('passthrough-proxy-main.ts'),
      args: ['--upstream', engineUrl.origin],
    }),
    env: { ...process.env, BENCH_MEMORY_PROBE_FILE: probeFile },
    stdout: 'pipe',
    cwd: REPO_ROOT,
  });
  const match = await waitForStdoutLine(started, /listening on (http:\/\/\S+)/);
  return {
    name: 'node-proxy',
    baseUrl: new URL(match[1] as string),
    protocol: LLAMACPP_PROTOCOL,
    pids: () => [started.pid],
    memoryProbeFile: probeFile,
    description: `node:http pass-through (pipes bytes, parses nothing), Node ${process.version}`,
    stop: () => started.stop(),
  };
}

/** Why nginx is not in the run, when it is not. */
export class RelayUnavailable extends Error {}

const run = promisify(execFile);

/** Runs fetch-nginx.sh (Debian package into .cache, no system install); the wrapper path or a reason. */
export async function fetchNginx(): Promise<string> {
  try {
    const { stdout } = await run('bash', [join(BENCH_DIR, 'fetch-nginx.sh')], {
      cwd: REPO_ROOT,
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const wrapper = stdout.trim().split('\n').at(-1) ?? '';
    if (wrapper.length === 0) throw new RelayUnavailable('fetch-nginx.sh printed no path');
    return wrapper;
  } catch (error) {
    if (error instanceof RelayUnavailable) throw error;
    const failure = error as { stderr?: string; message: string };
    const detail = (failure.stderr ?? failure.message).trim().split('\n').slice(-3).join(' | ');
    throw new RelayUnavailable(`could not fetch nginx: ${detail}`);
  }
}

/** nginx as a plain reverse proxy with buffering off, one worker, keep-alive to the engine. */
export async function startNginx(engineUrl: URL, workDir: string): Promise<RelayHandle> {
  const wrapper = await fetchNginx();
  const prefix = join(workDir, 'nginx');
  for (const folder of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(prefix, folder), { recursive: true });
  }
  const port = await findFreePort();
  const config = `daemon off;
master_process on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log stderr warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream engine {
    server ${engineUrl.host};
    keepalive 1024;
  }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    location / {
      proxy_pass http://engine;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 600s;
    }
  }
}
`;
  const configPath = join(prefix, 'nginx.conf');
  writeFileSync(configPath, config);
  const started = startProcess({
    command: wrapper,
    args: ['-p', prefix, '-e', 'stderr', '-c', configPath],
    cwd: prefix,
  });
  const baseUrl = new URL(`http://127.0.0.1:${port}`);
  try {
    // Any answer proves it listens; the engine answers 200 on /health.
    await waitForHttpOk(new URL('/health', baseUrl).href, () => isRunning(started), 15_000);
  } catch (error) {
    await started.stop();
    throw new RelayUnavailable(`nginx did not start: ${(error as Error).message} ${started.stderrTail()}`);
  }
  const { stderr } = await run(wrapper, ['-v']);
  return {
    name: 'nginx',
    baseUrl,
    protocol: LLAMACPP_PROTOCOL,
    // The wrapper execs nginx, so the child is the master; its workers are its children.
    pids: () => [started.pid, ...findDescendantProcesses(started.pid)],
    description: `${stderr.trim().replace('nginx version: ', '')} (Debian package), 1 worker, proxy_buffering off`,
    stop: () => started.stop(),
  };
}
