/** Cuts stop strings out of streamed text (see {@link createStopStringFilter}). */
export interface StopStringFilter {
  /** Feeds the engine's next piece of text; returns the text that is safe to deliver now (maybe ""). */
  push(text: string): string;
  /** Generation ended: returns the text still held back ("" once a stop string matched). */
  flush(): string;
  /** The stop string that matched, once one has. */
  readonly matched: string | undefined;
}

/** Length of the longest end of `text` that is the start (not the whole) of one of `stops`. */
function heldBackLength(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    for (let length = Math.min(stop.length - 1, text.length); length > longest; length -= 1) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}

/**
 * The contract says a matched stop string is not part of the output, but TGI's `/generate_stream` (and
 * TensorRT-LLM) send it as generated text. This filter holds back any text that could be the start of a stop
 * string until the next piece decides it, and drops the stop string and everything after it once one
 * matches. Text that cannot start a stop string passes through at once, so token pacing is kept.
 */
export function createStopStringFilter(stops: readonly string[]): StopStringFilter {
  const candidates = stops.filter((stop) => stop.length > 0);
  let pending = '';
  let matched: string | undefined;
  return {
    push(text) {
      if (matched !== undefined) return '';
      pending += text;
      if (candidates.length === 0) {
        const out = pending;
        pending = '';
        return out;
      }
      let cut: { index: number; stop: string } | undefined;
      for (const stop of candidates) {
        const index = pending.indexOf(stop);
        if (index !== -1 && (cut === undefined || index < cut.index)) cut = { index, stop };
      }
      if (cut !== undefined) {
        matched = cut.stop;
        const out = pending.slice(0, cut.index);
        pending = '';
        return out;
      }
      const keep = heldBackLength(pending, candidates);
      const out = pending.slice(0, pending.length - keep);
      pending = pending.slice(pending.length - keep);
      return out;
    },
    flush() {
      const out = matched === undefined ? pending : '';
      pending = '';
      return out;
    },
    get matched() {
      return matched;
    },
  };
}
