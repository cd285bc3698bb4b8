/** Result of feeding one piece of text to a {@link StopStringMatcher}. */
export interface StopMatch {
  /** Text that can be released to the client now. */
  emit: string;
  /** The stop string that matched, if one did; generation must end. */
  matched?: string;
}

/**
 * Holds back text that might be the start of a stop string, the way engines do, so that a stop string split
 * across pieces is never partly delivered.
 */
export class StopStringMatcher {
  private held = '';

  constructor(private readonly stops: readonly string[]) {}

  /** Adds a piece; returns what may be emitted and whether a stop string matched. */
  push(piece: string): StopMatch {
    const text = this.held + piece;
    let firstMatch: { at: number; stop: string } | undefined;
    for (const stop of this.stops) {
      const at = stop.length > 0 ? text.indexOf(stop) : -1;
      if (at !== -1 && (firstMatch === undefined || at < firstMatch.at)) firstMatch = { at, stop };
    }
    if (firstMatch !== undefined) {
      this.held = '';
      return { emit: text.slice(0, firstMatch.at), matched: firstMatch.stop };
    }
    const keep = this.longestPendingPrefix(text);
    this.held = text.slice(text.length - keep);
    return { emit: text.slice(0, text.length - keep) };
  }

  /** Releases whatever is held back (generation ended for another reason). */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  private longestPendingPrefix(text: string): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, text.length); length > longest; length -= 1) {
        if (text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
