/** One line of engine output. */
export interface EngineLogLine {
  /** Which pipe it came from. */
  stream: 'stdout' | 'stderr';
  /** The line, without its line break, cut to 4 KiB. */
  line: string;
}

const MAX_LINE_LENGTH = 4_096;

/** Keeps the last `capacity` lines of engine output (a ring buffer). */
export class LogTailBuffer {
  readonly #capacity: number;
  readonly #lines: EngineLogLine[] = [];
  #next = 0;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  /** Adds a line, dropping the oldest once full; returns the (possibly shortened) entry. */
  push(stream: EngineLogLine['stream'], line: string): EngineLogLine {
    const entry = {
      stream,
      line: line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line,
    };
    if (this.#lines.length < this.#capacity) this.#lines.push(entry);
    else this.#lines[this.#next] = entry;
    this.#next = (this.#next + 1) % this.#capacity;
    return entry;
  }

  /** The last `count` lines (all kept lines by default), oldest first. */
  lines(count = this.#capacity): EngineLogLine[] {
    const ordered =
      this.#lines.length < this.#capacity
        ? [...this.#lines]
        : [...this.#lines.slice(this.#next), ...this.#lines.slice(0, this.#next)];
    return ordered.slice(Math.max(0, ordered.length - count));
  }

  /** Forgets every line. */
  clear(): void {
    this.#lines.length = 0;
    this.#next = 0;
  }
}

/** Formats lines as text for an error message: `[stderr] message`. */
export function formatLogTail(lines: readonly EngineLogLine[]): string {
  return lines.map((entry) => `[${entry.stream}] ${entry.line}`).join('\n');
}
