/**
 * The fake tokenizer's vocabulary, laid out like a SentencePiece "llama" vocabulary: `<unk>`, `<s>`, `</s>`,
 * 256 byte-fallback tokens `<0x00>`…`<0xFF>`, then word pieces. Byte tokens let one character span several
 * tokens, so the engines' handling of incomplete UTF-8 (specs/engines/cross-engine.md E.5) is exercised for real.
 */

/** Ids of the special tokens. */
export const SPECIAL_TOKEN_IDS = { unknown: 0, bos: 1, eos: 2 } as const;

/** Text of the special tokens, as engines that show them print them. */
export const SPECIAL_TOKEN_TEXT: Readonly<Record<number, string>> = { 0: '<unk>', 1: '<s>', 2: '</s>' };

const FIRST_BYTE_TOKEN_ID = 3;
const FIRST_PIECE_ID = FIRST_BYTE_TOKEN_ID + 256;

/** Words the generator strings together (leading space, SentencePiece style). */
export const GENERATED_WORDS: readonly string[] = [
  ' the',
  ' a',
  ' model',
  ' token',
  ' stream',
  ' quick',
  ' brown',
  ' fox',
  ' river',
  ' engine',
  ' orchestrator',
  ' replica',
  ' request',
  ' answer',
  ' is',
  ' of',
  ' and',
  ' to',
  ' in',
  ' fast',
  ' quiet',
  ' light',
  ' over',
  ' under',
  ' data',
  ' signal',
  ' value',
  ' time',
  ' small',
  ' large',
  ' bright',
  ' cold',
  ' warm',
  ' north',
  ' south',
  ' garden',
  ' window',
  ' mountain',
  ' ocean',
  ' story',
  ' number',
  ' always',
  ' never',
  ' often',
  ' builds',
  ' runs',
  ' reads',
  ' writes',
  ' moves',
  ' holds',
  ' keeps',
  ' sends',
  ' returns',
  ' finds',
  ' sees',
  ' makes',
];

/** Whole pieces that carry multi-byte characters in one token. */
export const GENERATED_MULTIBYTE_PIECES: readonly string[] = [
  ' café',
  ' naïve',
  ' 日本',
  '語',
  ' über',
  ' —',
  ' €',
  ' déjà',
  ' 東京',
  ' señor',
  ' Zürich',
];

/** Punctuation the generator inserts between words. */
export const GENERATED_PUNCTUATION: readonly string[] = [',', '.', '!', '?', ':', '\n'];

/** Characters the generator spells with byte-fallback tokens, one token per UTF-8 byte. */
export const GENERATED_SPLIT_CHARACTERS: readonly string[] = ['é', 'ñ', '日', '🚀', '😀', '€'];

function buildPieces(): string[] {
  const pieces: string[] = [];
  const seen = new Set<string>();
  const add = (piece: string): void => {
    if (!seen.has(piece)) {
      seen.add(piece);
      pieces.push(piece);
    }
  };
  for (let code = 0x20; code <= 0x7e; code += 1) add(String.fromCharCode(code));
  add('\n');
  add('\t');
  for (const word of GENERATED_WORDS) add(word);
  for (const piece of GENERATED_MULTIBYTE_PIECES) add(piece);
  return pieces;
}

const PIECES = buildPieces();
const PIECE_IDS = new Map<string, number>(PIECES.map((piece, index) => [piece, FIRST_PIECE_ID + index]));
const ENCODER = new TextEncoder();
const PIECE_BYTES = PIECES.map((piece) => ENCODER.encode(piece));

/** Size of the vocabulary (special + byte + piece tokens). */
export const VOCABULARY_SIZE = FIRST_PIECE_ID + PIECES.length;

/** Longest piece, in UTF-16 code units: the tokenizer's look-ahead. */
export const LONGEST_PIECE = Math.max(...PIECES.map((piece) => piece.length));

/** Id of a word piece, or undefined when the text is not one piece. */
export function pieceId(piece: string): number | undefined {
  return PIECE_IDS.get(piece);
}

/** Id of the byte-fallback token for one byte. */
export function byteTokenId(byte: number): number {
  return FIRST_BYTE_TOKEN_ID + byte;
}

/** The UTF-8 bytes a token id stands for (empty for special and unknown ids). */
export function tokenBytes(id: number): Uint8Array {
  if (id >= FIRST_BYTE_TOKEN_ID && id < FIRST_PIECE_ID) return Uint8Array.of(id - FIRST_BYTE_TOKEN_ID);
  return PIECE_BYTES[id - FIRST_PIECE_ID] ?? new Uint8Array(0);
}

/** Whether the id is a special token (`<unk>`, `<s>`, `</s>`). */
export function isSpecialToken(id: number): boolean {
  return id < FIRST_BYTE_TOKEN_ID;
}

/** The token's own spelling: `<0xC3>` for byte tokens, `</s>` for specials, the piece otherwise. */
export function tokenSpelling(id: number): string {
  if (isSpecialToken(id)) return SPECIAL_TOKEN_TEXT[id] ?? '<unk>';
  if (id < FIRST_PIECE_ID) {
    return `<0x${(id - FIRST_BYTE_TOKEN_ID).toString(16).toUpperCase().padStart(2, '0')}>`;
  }
  return PIECES[id - FIRST_PIECE_ID] ?? '<unk>';
}
