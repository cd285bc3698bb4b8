import { byteTokenId, LONGEST_PIECE, pieceId, SPECIAL_TOKEN_IDS, tokenBytes } from './vocabulary.js';

const ENCODER = new TextEncoder();

/** One token of a tokenized text, with its character span in the input. */
export interface TextToken {
  /** Token id. */
  id: number;
  /** Start offset (UTF-16 code units) in the input. */
  start: number;
  /** End offset (exclusive). */
  end: number;
}

/**
 * Tokenizes text greedily (longest vocabulary piece first) and falls back to one byte token per UTF-8 byte,
 * so every string round-trips through {@link detokenize}.
 */
export function tokenizeWithOffsets(text: string, addBos = false): TextToken[] {
  const tokens: TextToken[] = addBos ? [{ id: SPECIAL_TOKEN_IDS.bos, start: 0, end: 0 }] : [];
  let position = 0;
  while (position < text.length) {
    let matched = false;
    for (let length = Math.min(LONGEST_PIECE, text.length - position); length > 0; length -= 1) {
      const id = pieceId(text.slice(position, position + length));
      if (id !== undefined) {
        tokens.push({ id, start: position, end: position + length });
        position += length;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const codePoint = text.codePointAt(position) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    for (const byte of ENCODER.encode(text.slice(position, position + width))) {
      tokens.push({ id: byteTokenId(byte), start: position, end: position + width });
    }
    position += width;
  }
  return tokens;
}

/** Token ids of a text (see {@link tokenizeWithOffsets}). */
export function tokenize(text: string, addBos = false): number[] {
  return tokenizeWithOffsets(text, addBos).map((token) => token.id);
}

/** Concatenates the bytes of the tokens and decodes them (invalid sequences become U+FFFD). */
export function detokenize(ids: readonly number[]): string {
  const parts = ids.map((id) => tokenBytes(id));
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return new TextDecoder('utf-8').decode(bytes);
}
