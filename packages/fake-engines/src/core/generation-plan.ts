import { createPrng, type Prng } from './prng.js';
import {
  byteTokenId,
  GENERATED_MULTIBYTE_PIECES,
  GENERATED_PUNCTUATION,
  GENERATED_SPLIT_CHARACTERS,
  GENERATED_WORDS,
  isSpecialToken,
  pieceId,
  SPECIAL_TOKEN_IDS,
  tokenBytes,
} from './vocabulary.js';

/** Why a generation ended, in the fake's own words; each engine maps it to its vocabulary (specs/engines/cross-engine.md E.7). */
export type PlannedFinish = 'length' | 'eos' | 'stop';

/** What a request asks the fake model to generate. */
export interface GenerationParams {
  /** The prompt text (after any chat template): with the seed it decides the output. */
  prompt: string;
  /** The sampling seed. Same seed and prompt give the same tokens. */
  seed: number | string;
  /** Token budget; reaching it ends with `length`. */
  maxTokens: number;
  /** Natural length: an EOS token is produced after this many tokens (0 = never). */
  eosAfterTokens: number;
  /** Stop strings, matched on the decoded text. */
  stop: readonly string[];
  /** Keep the matched stop string at the end of the output (TGI does, vLLM by default does not). */
  includeStopInOutput: boolean;
  /** Never produce EOS (vLLM and llama.cpp `ignore_eos`). */
  ignoreEos?: boolean;
}

/** One generated token as every engine sees it. */
export interface PlannedToken {
  /** Token id. */
  id: number;
  /** Whether it is a special token (EOS). */
  special: boolean;
  /** Text this token adds to the final output: incomplete characters held back, stop string cut applied. */
  text: string;
  /** The token's own text with incomplete characters held back, before any stop cut. */
  decodedText: string;
  /** The token ends inside a multi-byte character, so a careful detokenizer emits nothing for it yet. */
  incomplete: boolean;
  /** The token's bytes decoded on their own (U+FFFD for partial characters), as TRT-LLM's per-token decode does. */
  isolatedText: string;
}

/** The full, deterministic result of one generation; streamed and non-streamed answers are both read from it. */
export interface GenerationPlan {
  /** Generated tokens in order, including a final EOS token when the finish is `eos`. */
  tokens: PlannedToken[];
  /** The output text: the concatenation of every token's `text`. */
  text: string;
  /** Why generation ended. */
  finish: PlannedFinish;
  /** The stop string that matched, or null. */
  stopMatched: string | null;
}

const ENCODER = new TextEncoder();
const ISOLATED_DECODER = new TextDecoder('utf-8');

function pick<T>(prng: Prng, items: readonly T[]): T {
  return items[prng.below(items.length)] as T;
}

/** Endless deterministic token ids: words, punctuation, multi-byte pieces and byte-spelled characters. */
function createTokenSource(prng: Prng): () => number {
  const pending: number[] = [];
  let sinceStart = 0;
  const wordId = (): number => pieceId(pick(prng, GENERATED_WORDS)) ?? SPECIAL_TOKEN_IDS.unknown;
  return () => {
    const queued = pending.shift();
    if (queued !== undefined) return queued;
    sinceStart += 1;
    if (sinceStart === 1) return wordId();
    const roll = prng.next();
    if (roll < 0.76) return wordId();
    if (roll < 0.84) return pieceId(pick(prng, GENERATED_PUNCTUATION)) ?? SPECIAL_TOKEN_IDS.unknown;
    if (roll < 0.92) return pieceId(pick(prng, GENERATED_MULTIBYTE_PIECES)) ?? SPECIAL_TOKEN_IDS.unknown;
    const bytes = ENCODER.encode(pick(prng, GENERATED_SPLIT_CHARACTERS));
    for (const byte of bytes) pending.push(byteTokenId(byte));
    return pieceId(' ') ?? SPECIAL_TOKEN_IDS.unknown;
  };
}

function findStop(
  text: string,
  stops: readonly string[],
  from: number,
): { index: number; stop: string } | null {
  let best: { index: number; stop: string } | null = null;
  for (const stop of stops) {
    if (stop.length === 0) continue;
    const index = text.indexOf(stop, Math.max(0, from - stop.length + 1));
    if (index !== -1 && (best === null || index < best.index)) best = { index, stop };
  }
  return best;
}

/**
 * Plans a whole generation up front from (seed, prompt): the tokens, the text each one adds, and the finish.
 * Planning first is what makes the non-streamed answer exactly the concatenation of the streamed deltas, and it
 * costs microseconds per token, so it never limits throughput.
 */
export function planGeneration(params: GenerationParams): GenerationPlan {
  const nextToken = createTokenSource(createPrng(`${params.seed}\u0000${params.prompt}`));
  const decoder = new TextDecoder('utf-8');
  const raw: Array<{ id: number; decodedText: string; incomplete: boolean; cumulativeLength: number }> = [];
  let cumulative = '';
  let finish: PlannedFinish = 'length';
  let stopMatched: string | null = null;
  let outputLength = -1;
  let pendingBytes = 0;
  while (raw.length < params.maxTokens) {
    const naturalEnd = params.eosAfterTokens > 0 && raw.length >= params.eosAfterTokens && pendingBytes === 0;
    if (naturalEnd && params.ignoreEos !== true) {
      raw.push({
        id: SPECIAL_TOKEN_IDS.eos,
        decodedText: '',
        incomplete: false,
        cumulativeLength: cumulative.length,
      });
      finish = 'eos';
      break;
    }
    const id = nextToken();
    const bytes = tokenBytes(id);
    const decodedText = decoder.decode(bytes, { stream: true });
    pendingBytes = decodedText.length === 0 ? pendingBytes + bytes.length : 0;
    const previousLength = cumulative.length;
    cumulative += decodedText;
    raw.push({ id, decodedText, incomplete: pendingBytes > 0, cumulativeLength: cumulative.length });
    const match = decodedText.length > 0 ? findStop(cumulative, params.stop, previousLength) : null;
    if (match !== null) {
      finish = 'stop';
      stopMatched = match.stop;
      outputLength = params.includeStopInOutput ? match.index + match.stop.length : match.index;
      break;
    }
  }
  const text = outputLength >= 0 ? cumulative.slice(0, outputLength) : cumulative;
  let emitted = 0;
  const tokens = raw.map((token): PlannedToken => {
    const end = Math.min(token.cumulativeLength, text.length);
    const piece = end > emitted ? text.slice(emitted, end) : '';
    emitted += piece.length;
    return {
      id: token.id,
      special: isSpecialToken(token.id),
      text: piece,
      decodedText: token.decodedText,
      incomplete: token.incomplete,
      isolatedText: ISOLATED_DECODER.decode(tokenBytes(token.id)),
    };
  });
  return { tokens, text, finish, stopMatched };
}
