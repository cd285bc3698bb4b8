import { parseArgs } from 'node:util';

/** What the command line asks for. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | {
      kind: 'run';
      /** Profiles to run in order: built-in names or paths to profile modules. */
      profiles: string[];
      url?: string;
      reportDir?: string;
      goldenDir?: string;
      updateGolden: boolean;
      tags?: string;
    };

/** The `--help` text. */
export function usage(builtInProfiles: readonly string[]): string {
  return `conformance: run the adapter conformance suite against an engine.

Usage:
  conformance --adapter <name> [--url <url>] [options]   one built-in profile
  conformance --profile <file.ts> [--url <url>] [options] your own profile module
  conformance --all [options]                             every built-in profile, each starting its engine

Options:
  --adapter <name>     built-in profile: ${builtInProfiles.join(', ')}
  --profile <path>     a profile module (default export: a ConformanceProfile); see the README
  --url <url>          base URL of an engine that is already running (http or https); without it the
                       profile starts its own engine (mock: in-process; llamacpp: a local llama-server)
  --report <dir>       report folder (default: test-harness/bdd/reports); a sub-folder per profile gets
                       cucumber.html, cucumber.json and messages.ndjson
  --tags <expr>        run only the scenarios matching a tag expression, e.g. "@CONF-008 or @CONF-009"
  --golden-dir <dir>   folder of golden event sequences to compare with (or to record into)
  --update-golden      record the golden sequences from this run instead of comparing
  -h, --help           show this help

Exit status: 0 when every scenario passed or was skipped by the profile, 1 when any failed, 2 on bad usage.`;
}

/** Parses the CLI arguments (without `node` and the script path). Never throws. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const named = [values.adapter, values.profile].filter((value): value is string => value !== undefined);
  if (values.all && named.length > 0)
    return { kind: 'error', message: '--all runs every built-in profile: leave out --adapter/--profile.' };
  if (values.all && values.url !== undefined)
    return { kind: 'error', message: '--url needs one --adapter: --all starts its own engines.' };
  if (named.length > 1) return { kind: 'error', message: 'Give --adapter or --profile, not both.' };
  if (!values.all && named.length === 0)
    return {
      kind: 'error',
      message: 'Name an adapter (--adapter <name>), a profile (--profile <file>) or --all.',
    };
  if (values.url !== undefined && !isHttpUrl(values.url)) {
    return { kind: 'error', message: `--url must be an http:// or https:// URL, got "${values.url}".` };
  }
  const command: CliCommand = {
    kind: 'run',
    profiles: named,
    updateGolden: values['update-golden'] === true,
  };
  if (values.url !== undefined) command.url = values.url;
  if (values.report !== undefined) command.reportDir = values.report;
  if (values['golden-dir'] !== undefined) command.goldenDir = values['golden-dir'];
  if (values.tags !== undefined) command.tags = values.tags;
  return command;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      adapter: { type: 'string' },
      profile: { type: 'string' },
      url: { type: 'string' },
      report: { type: 'string' },
      tags: { type: 'string' },
      'golden-dir': { type: 'string' },
      'update-golden': { type: 'boolean' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
