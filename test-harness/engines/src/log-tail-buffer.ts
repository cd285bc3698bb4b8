/** Keeps the last lines a process wrote, for error messages and `logTail()`, and tells listeners of new lines. */
export class LogTailBuffer {
  readonly #lines: string[] = [];
  readonly #listeners = new Set<(line: string) => void>();
  #partial = '';

  constructor(private readonly maxLines = 400) {}

  append(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) {
      this.#lines.push(line);
      if (this.#lines.length > this.maxLines) this.#lines.shift();
      for (const listener of this.#listeners) listener(line);
    }
  }

  /** The last `count` lines, the unfinished last line included. */
  tail(count = this.maxLines): string {
    const lines = this.#partial === '' ? this.#lines : [...this.#lines, this.#partial];
    return lines.slice(-count).join('\n');
  }

  /** Calls `listener` for each complete line from now on; returns a function that unsubscribes. */
  onLine(listener: (line: string) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
