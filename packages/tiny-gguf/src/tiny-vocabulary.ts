import { LLAMA_TOKEN_TYPE } from './llama-token-type.js';

/** A SentencePiece-style vocabulary (`tokenizer.ggml.model = "llama"`). */
export interface TinyVocabulary {
  /** Token strings; the index is the token id. No two are equal. */
  tokens: string[];
  /** SentencePiece scores: higher merges first. */
  scores: number[];
  /** llama.cpp token types, see `LLAMA_TOKEN_TYPE`. */
  tokenTypes: number[];
  /** Id of `<unk>`. */
  unknownId: number;
  /** Id of `<s>`. */
  bosId: number;
  /** Id of `</s>`. */
  eosId: number;
  /** Id of the first byte token `<0x00>`; byte `b` is `firstByteId + b`. */
  firstByteId: number;
}

/** The SentencePiece word-boundary marker (U+2581), which llama.cpp turns into a space. */
export const SPACE_MARKER = '\u2581';

/** Smallest vocabulary the builder accepts: specials, bytes, chat markers and the single characters. */
export const MIN_VOCABULARY_SIZE = 400;
/** Largest vocabulary the builder accepts. */
export const MAX_VOCABULARY_SIZE = 4096;

const CHAT_MARKERS = ['<|im_start|>', '<|im_end|>'];
const ASCII_CHARACTERS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?;:\'"-()[]{}/+*=<>@#$%&_~`^|\\';
const MULTIBYTE_CHARACTERS = Array.from('éèêàüöäñçß€—日本語中文字🙂🚀');
const WORDS = (
  'the of and to in is it that for you was with on as have be at one this from by hot word but what ' +
  'some we can out other were all there when up use your how said an each she which do their time ' +
  'if will way about many then them write would like so these her long make thing see him two has ' +
  'look more day could go come did number sound no most people my over know water than call first ' +
  'who may down side been now find Hello hello world model token stream server engine test The It ' +
  'café naïve über Straße niño 日本 日本語 中文'
).split(' ');
const SUFFIXES = ['ing', 'ed', 'er', 'ly', 'tion', 'es', 'est', 'ment', 'ness', 'al'];
const CONSONANTS = 'bcdfghjklmnpqrstvwxyz';
const VOWELS = 'aeiou';

/**
 * Builds `<unk>`, `<s>`, `</s>`, the 256 byte tokens, the ChatML markers, single characters, then word
 * pieces until `size` tokens exist. Every multi-character piece comes after all its prefixes, so
 * llama.cpp's SentencePiece merge (which only joins two symbols whose concatenation is a token) can
 * reach it. The vocabulary depends only on `size`, never on the seed.
 */
export function buildTinyVocabulary(size: number): TinyVocabulary {
  if (!Number.isInteger(size) || size < MIN_VOCABULARY_SIZE || size > MAX_VOCABULARY_SIZE) {
    throw new RangeError(
      `vocabulary size must be an integer in [${MIN_VOCABULARY_SIZE}, ${MAX_VOCABULARY_SIZE}], got ${size}`,
    );
  }
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const tokenTypes: number[] = [LLAMA_TOKEN_TYPE.unknown, LLAMA_TOKEN_TYPE.control, LLAMA_TOKEN_TYPE.control];
  const firstByteId = tokens.length;
  for (let byte = 0; byte < 256; byte += 1) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    tokenTypes.push(LLAMA_TOKEN_TYPE.byte);
  }
  for (const marker of CHAT_MARKERS) {
    tokens.push(marker);
    tokenTypes.push(LLAMA_TOKEN_TYPE.control);
  }
  const seen = new Set(tokens);
  const firstPieceId = tokens.length;
  for (const piece of generatePieceCandidates()) {
    if (tokens.length >= size) break;
    if (seen.has(piece)) continue;
    seen.add(piece);
    tokens.push(piece);
    tokenTypes.push(LLAMA_TOKEN_TYPE.normal);
  }
  if (tokens.length < size) throw new RangeError(`cannot build ${size} distinct tokens`);
  const scores = tokens.map((_, id) => (id < firstPieceId ? 0 : -(id - firstPieceId)));
  return { tokens, scores, tokenTypes, unknownId: 0, bosId: 1, eosId: 2, firstByteId };
}

/** Pieces in priority order, each preceded by all its prefixes (duplicates are skipped by the caller). */
function* generatePieceCandidates(): Generator<string> {
  yield SPACE_MARKER;
  yield* ASCII_CHARACTERS;
  yield* MULTIBYTE_CHARACTERS;
  for (const word of WORDS) yield* prefixesOf(SPACE_MARKER + word);
  for (const suffix of SUFFIXES) yield* prefixesOf(suffix);
  for (const consonant of CONSONANTS) {
    for (const vowel of VOWELS) {
      yield* prefixesOf(`${SPACE_MARKER}${consonant}${vowel}`);
      yield `${consonant}${vowel}`;
    }
  }
  for (const first of CONSONANTS) {
    for (const vowel of VOWELS) {
      for (const last of CONSONANTS) {
        yield `${SPACE_MARKER}${first}${vowel}${last}`;
        yield `${first}${vowel}${last}`;
      }
    }
  }
}

function* prefixesOf(piece: string): Generator<string> {
  const characters = Array.from(piece);
  for (let length = 1; length <= characters.length; length += 1) {
    yield characters.slice(0, length).join('');
  }
}
