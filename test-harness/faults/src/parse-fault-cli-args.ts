/** `faults --help`. */
export const FAULT_CLI_USAGE = `Usage: faults [--tags EXPRESSION]

Runs the fault-injection suite (features/*.feature) against the real orchestrator in front of faulty fake
engines and a real llama-server, and checks every scenario against its row of specs/faults.md.

  --tags EXPRESSION   only the scenarios matching a cucumber tag expression, e.g. "@ORCH-FLT-006"
  --help              this text

Exit status: 0 every scenario passed, 1 a scenario failed, 2 bad usage. Reports: reports/faults.html.`;

/** What the command line asks for. */
export type FaultCliCommand =
  | { kind: 'run'; tags?: string }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/** Reads the command line: `--tags EXPRESSION` or `--help`. */
export function parseFaultCliArgs(argv: readonly string[]): FaultCliCommand {
  const command: FaultCliCommand = { kind: 'run' };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') return { kind: 'help' };
    if (argument !== '--tags') return { kind: 'error', message: `unknown argument "${argument}"` };
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--'))
      return { kind: 'error', message: '--tags needs an expression' };
    command.tags = value;
    index += 1;
  }
  return command;
}
