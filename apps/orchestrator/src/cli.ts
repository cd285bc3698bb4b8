import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { ENGINE_MODULES } from './engine-modules.js';
import { runWarmupCommand } from './engines/run-warmup-command.js';
import { type RunningOrchestrator, startOrchestrator } from './main.js';
import { listenForShutdownSignals } from './shutdown/listen-for-shutdown-signals.js';
import { relayedShutdownSignals } from './workers/relayed-shutdown-signals.js';
import { resolveWorkerCount } from './workers/resolve-worker-count.js';
import { runWorkerPrimary } from './workers/run-worker-primary.js';
import { WORKER_ENVIRONMENT } from './workers/worker-environment.js';
import { WorkerLink } from './workers/worker-link.js';

const HELP = `orch: LLM inference orchestrator

Usage:
  pnpm orch serve [--config FILE] [--host HOST] [--port PORT]
  pnpm orch warmup --config FILE
  pnpm orch --help

Commands:
  serve            Serve POST /v1/tasks, /v1/replicas, /metrics, /healthz and /readyz.
  warmup           Start every managed engine with \`launch.mode: persistent\` (not the lazy
                   ones), report each as ready (with its start time) or failed (with the cause),
                   then stop the engines it started. Exit 0 when all were ready, 1 otherwise.

Options:
  --config FILE    YAML configuration listing pools and replicas (see README). Without it the
                   embedded default is served: one pool "mock" backed by the built-in mock engine.
  --host HOST      Address to listen on (default: server.host from the config, else 127.0.0.1).
  --port PORT      Port to listen on, 0 for any free port (default: server.port, else 8080).
  -h, --help       Show this help.

Signals: SIGTERM or SIGINT stop admitting tasks, let running streams finish for up to
server.shutdown_grace_ms (10 s), then end the rest with a "shutting_down" error event. A second
signal is ignored; a third ends the running streams at once (still with "shutting_down"); a
signal after the grace exits at once. In production run node on the build directly
(node apps/orchestrator/dist/cli.js serve), not through pnpm, which exits on SIGTERM.

Workers: with server.workers above 1 (or auto: one per core) this process is the node:cluster
primary of that many workers sharing the port; send the signals to it, it relays each to every
worker and exits once all have.
`;

/** Fails with a message naming the problem and the exit status to use. */
class UsageError extends Error {}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UsageError(`--port: expected a number 0-65535, got "${text}"`);
  return port;
}

async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    process.stderr.write(`orch: ${(error as Error).message}\nRun "pnpm orch --help" for usage.\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [command, ...extra] = parsed.positionals;
  if (command === 'warmup' && extra.length === 0)
    return runWarmupCommand(parsed.values.config, ENGINE_MODULES);
  if (command !== 'serve' || extra.length > 0) {
    const what =
      command === undefined ? 'a command is required' : `unknown command "${[command, ...extra].join(' ')}"`;
    process.stderr.write(`orch: ${what}\nRun "pnpm orch --help" for usage.\n`);
    return 2;
  }
  // `server.workers` above 1: this process is the primary of the workers that serve (ORCH-CLU-080).
  if (cluster.isPrimary && parsed.values.config !== undefined) {
    let workers: number;
    try {
      parsePort(parsed.values.port);
      const config = await loadConfig(parsed.values.config, ENGINE_MODULES);
      workers = resolveWorkerCount(config.server.workers);
      if (workers > 1) return await runWorkerPrimary(config, workers);
    } catch (error) {
      if (!(error instanceof ConfigError || error instanceof UsageError)) throw error;
      process.stderr.write(`orch: ${error.message}\n`);
      return 2;
    }
  }
  const worker = cluster.isWorker
    ? new WorkerLink({
        index: Number(process.env[WORKER_ENVIRONMENT.index]),
        primaryPid: Number(process.env[WORKER_ENVIRONMENT.primaryPid]),
      })
    : undefined;
  // Signal handlers go in first, so a SIGTERM that arrives while the server starts is not lost; they stay for the
  // whole drain (ORCH-CLI-010). A worker counts the signals its primary relays.
  let orchestrator: RunningOrchestrator | undefined;
  let drainRequested = false;
  const drain = () => {
    drainRequested = true;
    orchestrator?.shutdown().then(() => process.exit(0));
  };
  listenForShutdownSignals(
    {
      drain,
      endGrace: () => orchestrator?.endGrace(),
      graceOver: () => orchestrator?.graceOver ?? false,
      exitNow: () => process.exit(1),
      note: (message, fields) => {
        if (orchestrator) orchestrator.logger.warn(message, fields);
        else process.stderr.write(`orch: ${message}\n`);
      },
    },
    worker && relayedShutdownSignals(worker),
  );
  try {
    orchestrator = await startOrchestrator({
      configPath: parsed.values.config,
      host: parsed.values.host,
      port: parsePort(parsed.values.port),
      worker,
    });
    if (drainRequested) drain();
    return -1;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`orch: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`orch: cannot listen: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const status = await run(process.argv.slice(2));
if (status >= 0) process.exit(status);
