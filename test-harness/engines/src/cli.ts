import { parseArgs } from 'node:util';
import { startLlamaServer } from './start-llama-server.js';

const usage = `usage: tsx --conditions=@orch/source test-harness/engines/src/cli.ts start [--port N] [--seed S] [--slots N] [--ctx N] [--threads N] [-- extra llama-server args]
Runs a real llama-server with the tiny model in the foreground until Ctrl-C.`;

function parseInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
  return value;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      slots: { type: 'string' },
      ctx: { type: 'string' },
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...extraArgs] = positionals;
  if (values.help || command !== 'start') {
    console.error(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const server = await startLlamaServer({
    port: parseInteger('port', values.port),
    seed: parseInteger('seed', values.seed),
    slots: parseInteger('slots', values.slots),
    contextSize: parseInteger('ctx', values.ctx),
    threads: parseInteger('threads', values.threads),
    extraArgs,
  });
  console.log(`llama-server ${server.version}`);
  console.log(`listening on ${server.url} (pid ${server.pid}, ready in ${server.startupMs} ms)`);
  console.log(`model ${server.modelPath}${server.modelSha256 ? ` sha256:${server.modelSha256}` : ''}`);
  console.log('Ctrl-C stops it.');
  let stopping = false;
  const shutdown = () => {
    stopping = true;
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const status = await server.exited;
  if (stopping) return;
  console.error(`llama-server exited (${JSON.stringify(status)})\n${server.logTail(30)}`);
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
