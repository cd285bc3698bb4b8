#!/usr/bin/env -S tsx --conditions=@orch/source
import { FAULT_CLI_USAGE, parseFaultCliArgs } from './parse-fault-cli-args.js';
import { runFaultSuite } from './run-fault-suite.js';

async function main(argv: readonly string[]): Promise<number> {
  const command = parseFaultCliArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(`${FAULT_CLI_USAGE}\n`);
    return 0;
  }
  if (command.kind === 'error') {
    process.stderr.write(`faults: ${command.message}\n${FAULT_CLI_USAGE}\n`);
    return 2;
  }
  const { success } = await runFaultSuite(command.tags === undefined ? {} : { tags: command.tags });
  return success ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Anything a failed scenario left behind must not keep the process (and CI) waiting.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `faults: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
