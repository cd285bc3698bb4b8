import { parseArgs } from 'node:util';
import { parseFaultSettings } from './core/fault-settings.js';
import { FAKE_ENGINE_KINDS, type FakeEngineKind, isFakeEngineKind } from './fake-engine-kind.js';
import type { FakeEngineOptions } from './fake-engine-options.js';

/** The port each real engine listens on by default (specs/engines, one page per engine). */
export const DEFAULT_PORTS: Record<FakeEngineKind, number> = {
  vllm: 8000,
  tgi: 3000,
  triton: 8000,
  ollama: 11434,
  llamacpp: 8080,
};

/** `--help` text. */
export const CLI_USAGE = `Usage: fake-engine <engine> [options]

Runs one fake inference engine server in the foreground until SIGINT/SIGTERM.
<engine> is one of: ${FAKE_ENGINE_KINDS.join(', ')}

Options:
  --port N                Port (default: the engine's usual port: vllm 8000, tgi 3000, triton 8000,
                          ollama 11434, llamacpp 8080; 0 = any free port)
  --host HOST             Interface to bind (default 127.0.0.1)
  --model NAME            Served model name (default per engine)
  --tokens-per-second N   Pace every stream at N tokens/s (default: unthrottled)
  --faults JSON           Fault knobs, e.g. '{"dropAfterTokens":5,"forRequests":1}'
                          (knobs: refuse, stallBeforeHeadersMs, stallAfterTokens, stallMs, dropAfterTokens,
                          errorAfterTokens, errorMessage, httpStatus, failMessage, loadingForMs,
                          tokensPerSecond, splitMultibyte, emptyTextEvents, keepAliveEveryMs, unhealthy,
                          forRequests). Change them at run time with PUT /__fake/faults.
  --options JSON          Other startFakeEngine options, e.g. '{"triton":{"seedInputName":"seed"}}'
  --seed N                Seed for requests that carry none (default: random per request)
  --eos-after N           Tokens before the model emits EOS (default 48; 0 = never)
  --context-length N      Context length in tokens (default 4096)
  --slots N               Concurrent generations (default 4 for llamacpp, 64 otherwise)
  --api-key KEY           Require this API key (vllm, llamacpp)
  --engine-version STR    Version string to report
  --log-requests          Print each received request (method and path) to stderr
  -h, --help              Show this help

Control routes (not part of any real engine): GET /__fake/stats, GET /__fake/requests,
GET|PUT /__fake/faults, DELETE /__fake/requests.`;

/** What the command line asks for. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'run'; engine: FakeEngineKind; options: FakeEngineOptions; logRequests: boolean };

/** A command-line mistake; the message is meant for the user. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

function parseInteger(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new CliUsageError(`--${name} must be an integer >= ${min}, got "${value}"`);
  }
  return number;
}

function parseJson(name: string, value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new CliUsageError(
      `--${name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Parses `fake-engine` arguments (without the node and script entries). */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  const [engine, ...extra] = positionals;
  if (engine === undefined)
    throw new CliUsageError(`missing <engine>: one of ${FAKE_ENGINE_KINDS.join(', ')}`);
  if (!isFakeEngineKind(engine)) {
    throw new CliUsageError(`unknown engine "${engine}": expected one of ${FAKE_ENGINE_KINDS.join(', ')}`);
  }
  if (extra.length > 0) throw new CliUsageError(`unexpected argument "${extra[0]}"`);
  const extraOptions = parseJson('options', values.options);
  if (
    extraOptions !== undefined &&
    (typeof extraOptions !== 'object' || extraOptions === null || Array.isArray(extraOptions))
  ) {
    throw new CliUsageError('--options must be a JSON object');
  }
  const options: FakeEngineOptions = { ...(extraOptions as FakeEngineOptions | undefined) };
  const faultsJson = parseJson('faults', values.faults);
  if (faultsJson !== undefined) {
    try {
      options.faults = parseFaultSettings(faultsJson);
    } catch (error) {
      throw new CliUsageError(`--faults: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else if (options.faults !== undefined) {
    options.faults = parseFaultSettings(options.faults);
  }
  options.port = parseInteger('port', values.port, 0) ?? options.port ?? DEFAULT_PORTS[engine];
  if (options.port > 65535) throw new CliUsageError(`--port must be <= 65535, got ${options.port}`);
  const assign = <K extends keyof FakeEngineOptions>(
    key: K,
    value: FakeEngineOptions[K] | undefined,
  ): void => {
    if (value !== undefined) options[key] = value;
  };
  assign('host', values.host);
  assign('model', values.model);
  assign('tokensPerSecond', parseInteger('tokens-per-second', values['tokens-per-second'], 0));
  assign('defaultSeed', parseInteger('seed', values.seed, 0));
  assign('eosAfterTokens', parseInteger('eos-after', values['eos-after'], 0));
  assign('contextLength', parseInteger('context-length', values['context-length'], 16));
  assign('slots', parseInteger('slots', values.slots, 1));
  assign('apiKey', values['api-key']);
  assign('version', values['engine-version']);
  return { kind: 'run', engine, options, logRequests: values['log-requests'] === true };
}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  model: { type: 'string' },
  'tokens-per-second': { type: 'string' },
  faults: { type: 'string' },
  options: { type: 'string' },
  seed: { type: 'string' },
  'eos-after': { type: 'string' },
  'context-length': { type: 'string' },
  slots: { type: 'string' },
  'api-key': { type: 'string' },
  'engine-version': { type: 'string' },
  'log-requests': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
