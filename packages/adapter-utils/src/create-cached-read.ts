/** A value read from the engine once and then served from memory (see {@link createCachedRead}). */
export interface CachedRead<T> {
  /** The cached value, or a new read when there is none; concurrent callers share one read. */
  get(signal?: AbortSignal): Promise<T>;
  /** Replaces the cached value with a fresher one (e.g. from a properties refresh). */
  set(value: T): void;
}

/**
 * Caches what `read` gives (an engine's version, its `/info`…): read once, shared by concurrent callers, and a
 * failed read is forgotten so that the next call tries again.
 */
export function createCachedRead<T>(read: (signal?: AbortSignal) => Promise<T>): CachedRead<T> {
  let cached: Promise<T> | undefined;
  return {
    get(signal) {
      if (cached === undefined) {
        const reading = read(signal);
        cached = reading;
        reading.catch(() => {
          if (cached === reading) cached = undefined;
        });
      }
      return cached;
    },
    set(value) {
      cached = Promise.resolve(value);
    },
  };
}
