import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { FaultSettings } from './fault-settings.js';
import { type StreamWriter, sleepUnlessAborted } from './stream-writer.js';

const MAX_TOKENS_PER_BATCH = 64;
const MAX_CHARS_PER_BATCH = 16 * 1024;
const NON_ASCII = /[\u0080-\uffff]/;

/** How a token loop ended. */
export type PaceOutcomeKind = 'completed' | 'error' | 'aborted' | 'dropped';

/** Result of {@link paceTokens}. */
export interface PaceOutcome {
  /** How it ended. */
  kind: PaceOutcomeKind;
  /** Tokens produced before it ended. */
  tokensDone: number;
  /** When the first token was produced (ms, `performance.now()`), or null. */
  firstTokenAt: number | null;
}

/** Inputs of {@link paceTokens}. */
export interface PaceArgs {
  /** Tokens in the plan. */
  tokenCount: number;
  /** Faults in force for this request. */
  faults: FaultSettings;
  /** Pace (0 = as fast as possible). */
  tokensPerSecond: number;
  /** Fires when the client goes away. */
  closed: AbortSignal;
  /** Where framed events go; null for non-streamed requests (tokens are paced but nothing is written). */
  writer: StreamWriter | null;
  /** Framed wire text for token `index` ('' = the engine sends nothing for it). */
  eventFor: (index: number) => string;
  /** Called as each token is produced (counters, slot state). */
  onToken: (index: number) => void;
  /** Destroys the connection (the `dropAfterTokens` fault). */
  destroyConnection: () => void;
}

/**
 * Produces tokens 0…n-1 with the request's faults applied at token boundaries (stall, drop, error), paced by
 * `tokensPerSecond` with one timer per due batch (none when unthrottled), writing one event per token in
 * batched writes. It stops at once when the client goes away.
 */
export async function paceTokens(args: PaceArgs): Promise<PaceOutcome> {
  const { faults, writer, closed } = args;
  const interval = args.tokensPerSecond > 0 ? 1000 / args.tokensPerSecond : 0;
  let scheduleStart = performance.now();
  let firstTokenAt: number | null = null;
  let stalled = false;
  let batchTokens = 0;
  const outcome = (kind: PaceOutcomeKind, tokensDone: number): PaceOutcome => ({
    kind,
    tokensDone,
    firstTokenAt,
  });

  for (let index = 0; index <= args.tokenCount; index += 1) {
    if (closed.aborted) return outcome('aborted', index);
    if (!stalled && faults.stallAfterTokens === index && (faults.stallMs ?? 0) > 0) {
      stalled = true;
      await writer?.flush();
      const stallStart = performance.now();
      await sleepUnlessAborted(faults.stallMs ?? 0, closed);
      scheduleStart += performance.now() - stallStart;
      if (closed.aborted) return outcome('aborted', index);
    }
    if (faults.dropAfterTokens === index) {
      await writer?.settled();
      args.destroyConnection();
      return outcome('dropped', index);
    }
    if (faults.errorAfterTokens === index) {
      await writer?.flush();
      return outcome('error', index);
    }
    if (index === args.tokenCount) break;
    if (interval > 0) {
      const wait = scheduleStart + index * interval - performance.now();
      if (wait >= 1) {
        await writer?.flush();
        batchTokens = 0;
        await sleepUnlessAborted(wait, closed);
        if (closed.aborted) return outcome('aborted', index);
      }
    }
    args.onToken(index);
    if (firstTokenAt === null) firstTokenAt = performance.now();
    const event = writer === null ? '' : args.eventFor(index);
    if (writer !== null && event.length > 0) {
      if (faults.splitMultibyte === true && NON_ASCII.test(event)) await writer.writeSplit(event);
      else writer.append(event);
    }
    batchTokens += 1;
    if (batchTokens >= MAX_TOKENS_PER_BATCH || (writer !== null && writer.pending >= MAX_CHARS_PER_BATCH)) {
      batchTokens = 0;
      await writer?.flush();
      await yieldToEventLoop();
    }
  }
  await writer?.flush();
  return outcome(closed.aborted ? 'aborted' : 'completed', args.tokenCount);
}
