/** A small deterministic random source: the same seed always yields the same sequence. */
export interface SeededRandom {
  /** Uniform in [0, 1), a multiple of 2^-32. */
  nextUniform(): number;
  /** Approximately standard normal (mean 0, variance 1), bounded to about ±3.46. */
  nextNormal(): number;
}

const SQRT_3 = Math.sqrt(3);
const TWO_POW_32 = 4294967296;

/**
 * Mulberry32 seeded through a splitmix32-style mix of both halves of the seed.
 * Normals are Irwin–Hall sums of four uniforms rather than Box–Muller, because `Math.log`/`Math.cos`
 * are not required to round identically everywhere; sums and products are, so the bytes of a model
 * written from a seed never depend on the JavaScript engine.
 */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  }
  let state = mix32((seed >>> 0) ^ mix32(Math.floor(seed / TWO_POW_32) + 0x9e3779b9));
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const nextUniform = (): number => nextUint32() / TWO_POW_32;
  return {
    nextUniform,
    nextNormal: () => (nextUniform() + nextUniform() + nextUniform() + nextUniform() - 2) * SQRT_3,
  };
}

function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
