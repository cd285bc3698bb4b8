const PIECES: readonly string[] = [
  ' the',
  ' a',
  ' model',
  ' token',
  ' stream',
  ' engine',
  ' replica',
  ' answer',
  ' of',
  ' to',
  ' and',
  ' is',
  ' fast',
  ' small',
  ' quiet',
  ' river',
  ' light',
  ' café',
  ' naïve',
  ' 日本',
  '語',
  ' über',
  ' 🙂',
  ' €',
  ',',
  '.',
  ' data',
  ' seed',
  ' again',
  ' world',
  ' hello',
  ' every',
  ' bright',
  ' über',
  'ly',
  'ing',
  '!',
  ' —',
];

/** A 32-bit PRNG (mulberry32); tiny, fast and identical on every platform. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function hashText(text: string, basis: number): number {
  let hash = basis >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The mock engine's "model": an endless, deterministic sequence of text pieces for a seed and a prompt.
 * Pieces include multi-byte characters so that UTF-8 handling is exercised end to end.
 */
export function* generateMockPieces(seed: number, promptText: string): Generator<string> {
  const random = createRandom(hashText(promptText, seed ^ 0x9e3779b9));
  while (true) {
    yield PIECES[Math.floor(random() * PIECES.length)] as string;
  }
}
