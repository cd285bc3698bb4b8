import { CLI_USAGE, CliUsageError, parseCliArgs } from './cli-args.js';
import { startFakeEngine } from './start-fake-engine.js';

/** Runs `fake-engine <engine> [options]`; resolves with the exit code for usage errors and help. */
async function main(argv: readonly string[]): Promise<number | null> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`fake-engine: ${error.message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${CLI_USAGE}\n`);
    return 0;
  }
  const { engine, options, logRequests } = command;
  if (logRequests) {
    options.onRequest = (request) =>
      process.stderr.write(`${new Date().toISOString()} ${request.method} ${request.path}\n`);
  }
  const fake = await startFakeEngine(engine, options);
  process.stdout.write(`fake ${engine} listening on ${fake.url} (model ${fake.model})\n`);
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return null;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== null) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fake-engine: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
