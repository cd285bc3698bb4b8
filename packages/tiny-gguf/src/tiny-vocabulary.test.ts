import { describe, expect, it } from 'vitest';
import { LLAMA_TOKEN_TYPE } from './llama-token-type.js';
import {
  buildTinyVocabulary,
  MAX_VOCABULARY_SIZE,
  MIN_VOCABULARY_SIZE,
  SPACE_MARKER,
} from './tiny-vocabulary.js';

describe('buildTinyVocabulary', () => {
  it.each([MIN_VOCABULARY_SIZE, 600, 768, 1500, MAX_VOCABULARY_SIZE])('builds %i distinct tokens', (size) => {
    const vocabulary = buildTinyVocabulary(size);
    expect(vocabulary.tokens).toHaveLength(size);
    expect(new Set(vocabulary.tokens).size).toBe(size);
    expect(vocabulary.scores).toHaveLength(size);
    expect(vocabulary.tokenTypes).toHaveLength(size);
  });

  it('starts with <unk>, <s>, </s> and the 256 byte tokens of type BYTE', () => {
    const vocabulary = buildTinyVocabulary(768);
    expect(vocabulary.tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect([vocabulary.unknownId, vocabulary.bosId, vocabulary.eosId]).toEqual([0, 1, 2]);
    for (let byte = 0; byte < 256; byte += 1) {
      const id = vocabulary.firstByteId + byte;
      expect(vocabulary.tokens[id]).toBe(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
      expect(vocabulary.tokenTypes[id]).toBe(LLAMA_TOKEN_TYPE.byte);
    }
  });

  it('makes every piece reachable by SentencePiece merges: all its prefixes come before it', () => {
    const { tokens, tokenTypes } = buildTinyVocabulary(1200);
    const position = new Map(tokens.map((token, id) => [token, id]));
    tokens.forEach((token, id) => {
      if (tokenTypes[id] !== LLAMA_TOKEN_TYPE.normal) return;
      const characters = Array.from(token);
      for (let length = 1; length < characters.length; length += 1) {
        expect(position.get(characters.slice(0, length).join(''))).toBeLessThan(id);
      }
    });
  });

  it('holds word pieces with the space marker and multi-byte characters', () => {
    const { tokens } = buildTinyVocabulary(768);
    expect(tokens).toContain(`${SPACE_MARKER}the`);
    expect(tokens).toContain(`${SPACE_MARKER}hello`);
    for (const character of ['é', 'ü', '日', '本', '🙂']) expect(tokens).toContain(character);
  });

  it('gives higher scores to earlier pieces so merges prefer them', () => {
    const { scores, tokenTypes } = buildTinyVocabulary(768);
    const pieceScores = scores.filter((_, id) => tokenTypes[id] === LLAMA_TOKEN_TYPE.normal);
    expect(pieceScores.every((score, index) => index === 0 || score < (pieceScores[index - 1] ?? 0))).toBe(
      true,
    );
  });

  it('rejects sizes outside the supported range', () => {
    expect(() => buildTinyVocabulary(MIN_VOCABULARY_SIZE - 1)).toThrow(RangeError);
    expect(() => buildTinyVocabulary(MAX_VOCABULARY_SIZE + 1)).toThrow(RangeError);
    expect(() => buildTinyVocabulary(512.5)).toThrow(RangeError);
  });
});
