/** A small deterministic pseudo-random source: the same key always yields the same sequence. */
export interface Prng {
  /** Next float in [0, 1). */
  next(): number;
  /** Next integer in [0, bound). */
  below(bound: number): number;
}

/** FNV-1a over the UTF-16 code units of `key`, folded to 32 bits. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Creates a mulberry32 generator seeded from a string key (e.g. `${seed}|${prompt}`). */
export function createPrng(key: string): Prng {
  let state = hashKey(key);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (bound) => Math.floor(next() * bound) };
}

/** A random seed for requests that name none (real engines pick a random one too, specs/engines/tgi.md B.1, specs/engines/llamacpp.md D.2). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
