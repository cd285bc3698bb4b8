import type { ServerResponse } from 'node:http';
import type { EngineRuntime } from './engine-runtime.js';
import type { FaultSettings } from './fault-settings.js';
import { GenerationCounters } from './generation-counters.js';
import type { GenerationPlan } from './generation-plan.js';
import { type PaceOutcome, paceTokens } from './pace-tokens.js';
import type { SlotState } from './slot-pool.js';
import { StreamWriter, sleepUnlessAborted } from './stream-writer.js';

/** One inference request after its faults were taken and its pre-header stall served. */
export interface InferenceContext {
  /** The response. */
  response: ServerResponse;
  /** Faults for this request (standing plus any scoped ones). */
  faults: FaultSettings;
  /** Fires when the client goes away before the response is finished. */
  closed: AbortSignal;
  /** When the request arrived (`performance.now()`). */
  receivedAt: number;
}

/** Timing of one generation, in ms from `performance.now()`. */
export interface GenerationTiming {
  /** Request arrival. */
  receivedAt: number;
  /** Slot acquired, prompt processing starts. */
  startedAt: number;
  /** First token produced (or `startedAt`). */
  firstTokenAt: number;
  /** Generation ended. */
  finishedAt: number;
}

/** What a handler gets back when the token loop ends and must write the ending. */
export interface GenerationEnd {
  /** How the loop ended (`completed`, `error`; `aborted`/`dropped` never reach the writer). */
  outcome: PaceOutcome;
  /** Timing. */
  timing: GenerationTiming;
  /** The slot that served it. */
  slot: SlotState;
}

/** Inputs of {@link runGeneration}. */
export interface RunGenerationArgs {
  /** The request. */
  context: InferenceContext;
  /** The planned generation. */
  plan: GenerationPlan;
  /** Prompt tokens (for counters and usage). */
  promptTokens: number;
  /** Streaming: the event builder and the keep-alive comment; null for a single JSON answer. */
  stream: { eventFor: (index: number, slot: SlotState) => string; keepAliveComment: string | null } | null;
  /** Slot the client asked for (llama.cpp `id_slot`), -1 for any. */
  preferredSlot?: number;
  /** Called with the slot once it is held, before any token: write the status line and headers here. */
  onStart: (slot: SlotState, writer: StreamWriter) => void;
  /** Writes the ending: the final events of a stream, the error tail, or the whole non-streamed answer. */
  onEnd: (end: GenerationEnd, writer: StreamWriter) => void;
  /** Engine label of the finish for the metrics counters (e.g. `stop`, `length`, `eos_token`). */
  finishLabel: string;
}

/** Starts an inference request: counts it, takes its faults and serves the pre-header stall. */
export async function beginInference(
  runtime: EngineRuntime,
  response: ServerResponse,
): Promise<InferenceContext> {
  const controller = new AbortController();
  // A write racing a client disconnect must not crash the fake; the 'close' below ends the generation.
  response.on('error', () => undefined);
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  const context: InferenceContext = {
    response,
    faults: runtime.faults.takeForRequest(),
    closed: controller.signal,
    receivedAt: performance.now(),
  };
  await sleepUnlessAborted(context.faults.stallBeforeHeadersMs ?? 0, context.closed);
  return context;
}

/**
 * Runs one generation: waits for a slot, writes headers, paces the tokens under the request's faults, writes the
 * ending, and keeps every counter right whether it completed, errored, was dropped or was abandoned by the client.
 */
export async function runGeneration(runtime: EngineRuntime, args: RunGenerationArgs): Promise<void> {
  const { context, plan } = args;
  const { stats, counters } = runtime;
  const streaming = args.stream !== null;
  stats.generations += 1;
  stats.activeGenerations += 1;
  if (streaming) stats.activeStreams += 1;
  stats.queued += 1;
  const slot = await runtime.slots.acquire(context.closed, args.preferredSlot ?? -1);
  stats.queued -= 1;
  let outcome: PaceOutcome = { kind: 'aborted', tokensDone: 0, firstTokenAt: null };
  try {
    if (slot === null) return;
    slot.remaining = plan.tokens.length;
    stats.promptTokens += args.promptTokens;
    counters.promptTokens += args.promptTokens;
    const startedAt = performance.now();
    const writer = new StreamWriter(context.response, context.closed);
    args.onStart(slot, writer);
    if (args.stream !== null)
      writer.startKeepAlive(context.faults.keepAliveEveryMs, args.stream.keepAliveComment ?? '');
    const eventFor = args.stream?.eventFor;
    outcome = await paceTokens({
      tokenCount: plan.tokens.length,
      faults: context.faults,
      tokensPerSecond: runtime.tokensPerSecond(context.faults),
      closed: context.closed,
      writer: streaming ? writer : null,
      eventFor: eventFor === undefined ? () => '' : (index) => eventFor(index, slot),
      onToken: () => {
        stats.tokensGenerated += 1;
        counters.generationTokens += 1;
        slot.decoded += 1;
        slot.remaining -= 1;
      },
      destroyConnection: () => context.response.socket?.destroy(),
    });
    writer.stopKeepAlive();
    const finishedAt = performance.now();
    const timing: GenerationTiming = {
      receivedAt: context.receivedAt,
      startedAt,
      firstTokenAt: outcome.firstTokenAt ?? startedAt,
      finishedAt,
    };
    if (outcome.kind === 'completed' || outcome.kind === 'error') {
      args.onEnd({ outcome, timing, slot }, writer);
      recordEnd(runtime, args, outcome, timing);
    }
  } finally {
    if (outcome.kind === 'aborted') {
      if (streaming) stats.abortedStreams += 1;
      else stats.abortedRequests += 1;
      GenerationCounters.bump(counters.failed, 'aborted');
    } else if (outcome.kind === 'dropped') {
      stats.droppedConnections += 1;
      GenerationCounters.bump(counters.failed, 'dropped');
    }
    if (slot !== null) runtime.slots.release(slot);
    stats.activeGenerations -= 1;
    if (streaming) stats.activeStreams -= 1;
    runtime.changed();
  }
}

function recordEnd(
  runtime: EngineRuntime,
  args: RunGenerationArgs,
  outcome: PaceOutcome,
  timing: GenerationTiming,
) {
  const { stats, counters } = runtime;
  if (outcome.kind === 'error') {
    stats.injectedErrors += 1;
    GenerationCounters.bump(counters.failed, 'error');
    return;
  }
  stats.completedGenerations += 1;
  GenerationCounters.bump(counters.finished, args.finishLabel);
  const seconds = (ms: number): number => ms / 1000;
  counters.timeToFirstToken.observe(seconds(timing.firstTokenAt - timing.receivedAt));
  counters.requestLatency.observe(seconds(timing.finishedAt - timing.receivedAt));
  const tokens = outcome.tokensDone;
  if (tokens > 1)
    counters.interTokenLatency.observe(seconds(timing.finishedAt - timing.firstTokenAt) / (tokens - 1));
  counters.generatedTokensPerRequest.observe(tokens);
  counters.promptTokensPerRequest.observe(args.promptTokens);
  counters.generationSeconds += seconds(timing.finishedAt - timing.startedAt);
  counters.promptSeconds += seconds(timing.firstTokenAt - timing.startedAt);
}
