/**
 * Counts occurrences of a byte pattern (e.g. `event: token`) in a stream of chunks, including occurrences split
 * across two chunks, without decoding or copying the chunks: the load generator must stay cheap, since it shares
 * the machine with the relays it measures. The pattern must not overlap itself (`event: token` and
 * `"stop":false` do not), so every occurrence is counted once however the chunks are cut.
 */
export class PatternCounter {
  private readonly pattern: Buffer;
  /** The last `pattern.length - 1` bytes seen, for matches that straddle a chunk boundary. */
  private tail: Buffer = Buffer.alloc(0);

  constructor(pattern: string) {
    if (pattern.length === 0) throw new RangeError('the pattern must not be empty');
    this.pattern = Buffer.from(pattern, 'utf8');
  }

  /** Occurrences that end inside `chunk` (a match that began in the previous chunk included). */
  count(chunk: Buffer): number {
    let found = 0;
    const keep = this.pattern.length - 1;
    if (this.tail.length > 0 && keep > 0) {
      // Only matches that start in the tail: the head of the chunk is searched once, below.
      const seam = Buffer.concat([this.tail, chunk.subarray(0, keep)]);
      let at = seam.indexOf(this.pattern);
      while (at !== -1 && at < this.tail.length) {
        found += 1;
        at = seam.indexOf(this.pattern, at + 1);
      }
    }
    let at = chunk.indexOf(this.pattern);
    while (at !== -1) {
      found += 1;
      at = chunk.indexOf(this.pattern, at + this.pattern.length);
    }
    if (keep > 0) {
      this.tail =
        chunk.length >= keep
          ? Buffer.from(chunk.subarray(chunk.length - keep))
          : Buffer.concat([this.tail, chunk]).subarray(-keep);
    }
    return found;
  }
}
