import type { ServerResponse } from 'node:http';
import type { EngineRuntime } from './engine-runtime.js';
import { GenerationCounters } from './generation-counters.js';
import { beginInference, type InferenceContext } from './run-generation.js';

/** A request body as an engine's parser read it: the generation, or why it is refused. */
export type ParsedGeneration<Generation> = { ok: true; value: Generation } | { ok: false };

/** How one engine answers what comes before its generation (see {@link beginParsedInference}). */
export interface InferencePrelude<Parsed extends ParsedGeneration<unknown>> {
  /** Answers an injected HTTP failure; `failMessage` is the configured one, if any. */
  sendInjectedFailure(status: number, failMessage: string | undefined): void;
  /** Reads the request body. */
  parse(): Parsed;
  /** Answers a refused body, in the engine's error shape. */
  sendInvalid(refusal: Extract<Parsed, { ok: false }>): void;
}

/** The default text of an injected failure without a configured message. */
export function describeInjectedFailure(status: number, failMessage: string | undefined): string {
  return failMessage ?? `injected failure (HTTP ${status})`;
}

/**
 * The steps every fake engine takes before it generates, in the order real engines answer: the request is
 * counted and its faults taken (see `beginInference`), an injected HTTP failure is answered before the body is
 * read, then a refused body is answered and counted as a `validation` failure. Resolves with nothing when the
 * request was answered (or the client left); otherwise with the context and the parsed generation.
 */
export async function beginParsedInference<Parsed extends ParsedGeneration<unknown>>(
  runtime: EngineRuntime,
  response: ServerResponse,
  prelude: InferencePrelude<Parsed>,
): Promise<{ context: InferenceContext; generation: Extract<Parsed, { ok: true }>['value'] } | undefined> {
  const context = await beginInference(runtime, response);
  if (context.closed.aborted) return undefined;
  const { faults } = context;
  if (faults.httpStatus !== undefined) {
    runtime.stats.injectedErrors += 1;
    prelude.sendInjectedFailure(faults.httpStatus, faults.failMessage);
    return undefined;
  }
  const parsed = prelude.parse();
  if (!parsed.ok) {
    GenerationCounters.bump(runtime.counters.failed, 'validation');
    prelude.sendInvalid(parsed as Extract<Parsed, { ok: false }>);
    return undefined;
  }
  return { context, generation: (parsed as Extract<Parsed, { ok: true }>).value };
}
