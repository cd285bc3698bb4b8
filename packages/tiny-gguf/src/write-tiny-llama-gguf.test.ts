import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GGUF_DEFAULT_ALIGNMENT, GGUF_VERSION } from './gguf-value-type.js';
import { LLAMA_TOKEN_TYPE } from './llama-token-type.js';
import { readF32Tensor, readGguf } from './read-gguf.js';
import { TINY_CHAT_TEMPLATE } from './tiny-chat-template.js';
import { writeTinyLlamaGguf } from './write-tiny-llama-gguf.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('writeTinyLlamaGguf', () => {
  it('writes identical bytes for the same options and seed', () => {
    const first = writeTinyLlamaGguf({ seed: 7 });
    const second = writeTinyLlamaGguf({ seed: 7 });
    expect(sha256(first)).toBe(sha256(second));
    expect(first.length).toBe(second.length);
  });

  it('writes different weights for a different seed but the same layout', () => {
    const first = writeTinyLlamaGguf({ seed: 1, name: 'same' });
    const second = writeTinyLlamaGguf({ seed: 2, name: 'same' });
    expect(sha256(first)).not.toBe(sha256(second));
    expect(first.length).toBe(second.length);
    const layoutFirst = readGguf(first);
    const layoutSecond = readGguf(second);
    expect(layoutSecond.tensors).toEqual(layoutFirst.tensors);
    expect(layoutSecond.metadata).toEqual(layoutFirst.metadata);
  });

  it('keeps the bytes of the default model stable across releases of this package', () => {
    // A change here changes every cached model and every recorded tiny-model output: make it on purpose.
    expect(sha256(writeTinyLlamaGguf({ seed: 42 }))).toBe(EXPECTED_SEED_42_SHA256);
  });

  it('writes a GGUF v3 header with the llama hyperparameters', () => {
    const file = readGguf(writeTinyLlamaGguf({ seed: 3, name: 'tiny-test', contextLength: 256 }));
    const value = (key: string) => file.metadata.get(key)?.value;
    expect(file.version).toBe(GGUF_VERSION);
    expect(value('general.architecture')).toBe('llama');
    expect(value('general.name')).toBe('tiny-test');
    expect(value('llama.context_length')).toBe(256);
    expect(value('llama.embedding_length')).toBe(64);
    expect(value('llama.block_count')).toBe(2);
    expect(value('llama.feed_forward_length')).toBe(128);
    expect(value('llama.attention.head_count')).toBe(4);
    expect(value('llama.attention.head_count_kv')).toBe(4);
    expect(value('llama.rope.dimension_count')).toBe(16);
    expect(value('llama.attention.layer_norm_rms_epsilon')).toBeCloseTo(1e-5, 9);
    expect(file.metadata.get('llama.attention.layer_norm_rms_epsilon')?.type).toBe('float32');
    expect(file.metadata.get('llama.context_length')?.type).toBe('uint32');
    expect(value('tokenizer.ggml.model')).toBe('llama');
    expect(value('tokenizer.ggml.bos_token_id')).toBe(1);
    expect(value('tokenizer.ggml.eos_token_id')).toBe(2);
    expect(value('tokenizer.ggml.unknown_token_id')).toBe(0);
    expect(value('tokenizer.ggml.add_bos_token')).toBe(true);
    expect(value('tokenizer.chat_template')).toBe(TINY_CHAT_TEMPLATE);
  });

  it('describes a vocabulary of distinct tokens with scores, types and byte tokens', () => {
    const file = readGguf(writeTinyLlamaGguf({ vocabularySize: 700 }));
    const tokens = file.metadata.get('tokenizer.ggml.tokens');
    const scores = file.metadata.get('tokenizer.ggml.scores');
    const types = file.metadata.get('tokenizer.ggml.token_type');
    expect(tokens?.itemType).toBe('string');
    expect(scores?.itemType).toBe('float32');
    expect(types?.itemType).toBe('int32');
    const tokenList = tokens?.value as string[];
    expect(tokenList).toHaveLength(700);
    expect(new Set(tokenList).size).toBe(700);
    expect(scores?.value).toHaveLength(700);
    expect(types?.value).toHaveLength(700);
    expect(tokenList.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(tokenList[3]).toBe('<0x00>');
    expect(tokenList[3 + 0xff]).toBe('<0xFF>');
    const typeList = types?.value as number[];
    expect(typeList.filter((type) => type === LLAMA_TOKEN_TYPE.byte)).toHaveLength(256);
    expect(file.metadata.get('llama.vocab_size')?.value).toBe(700);
  });

  it('writes every tensor llama.cpp expects with the right GGML shapes', () => {
    const bytes = writeTinyLlamaGguf({ blockCount: 3, headCountKv: 2, vocabularySize: 500 });
    const file = readGguf(bytes);
    const shapes = new Map(file.tensors.map((tensor) => [tensor.name, tensor.dimensions]));
    expect(shapes.get('token_embd.weight')).toEqual([64, 500]);
    expect(shapes.get('output.weight')).toEqual([64, 500]);
    expect(shapes.get('output_norm.weight')).toEqual([64]);
    for (let block = 0; block < 3; block += 1) {
      expect(shapes.get(`blk.${block}.attn_norm.weight`)).toEqual([64]);
      expect(shapes.get(`blk.${block}.attn_q.weight`)).toEqual([64, 64]);
      expect(shapes.get(`blk.${block}.attn_k.weight`)).toEqual([64, 32]);
      expect(shapes.get(`blk.${block}.attn_v.weight`)).toEqual([64, 32]);
      expect(shapes.get(`blk.${block}.attn_output.weight`)).toEqual([64, 64]);
      expect(shapes.get(`blk.${block}.ffn_norm.weight`)).toEqual([64]);
      expect(shapes.get(`blk.${block}.ffn_gate.weight`)).toEqual([64, 128]);
      expect(shapes.get(`blk.${block}.ffn_up.weight`)).toEqual([64, 128]);
      expect(shapes.get(`blk.${block}.ffn_down.weight`)).toEqual([128, 64]);
    }
    expect(file.tensors).toHaveLength(3 + 3 * 9);
    expect(file.tensors.every((tensor) => tensor.ggmlType === 0)).toBe(true);
  });

  it('aligns the data section and every tensor to 32 bytes and fills the file exactly', () => {
    const bytes = writeTinyLlamaGguf({ seed: 5 });
    const file = readGguf(bytes);
    expect(file.alignment).toBe(GGUF_DEFAULT_ALIGNMENT);
    expect(file.dataOffset % 32).toBe(0);
    let end = 0;
    for (const tensor of file.tensors) {
      expect(tensor.offset % 32).toBe(0);
      expect(tensor.offset).toBeGreaterThanOrEqual(end);
      const size = tensor.dimensions.reduce((product, dimension) => product * dimension, 4);
      end = tensor.offset + size;
    }
    expect(bytes.length).toBe(file.dataOffset + Math.ceil(end / 32) * 32);
  });

  it('writes finite weights with ones in the norms', () => {
    const bytes = writeTinyLlamaGguf({ seed: 9 });
    const file = readGguf(bytes);
    for (const tensor of file.tensors) {
      const values = readF32Tensor(bytes, file, tensor.name);
      expect(values.every(Number.isFinite)).toBe(true);
      if (tensor.name.endsWith('norm.weight')) expect(values.every((value) => value === 1)).toBe(true);
    }
    const embedding = readF32Tensor(bytes, file, 'token_embd.weight');
    expect(new Set(embedding).size).toBeGreaterThan(1000);
  });

  it('rejects shapes llama.cpp cannot load', () => {
    expect(() => writeTinyLlamaGguf({ embeddingLength: 60, headCount: 8 })).toThrow(RangeError);
    expect(() => writeTinyLlamaGguf({ headCount: 4, headCountKv: 3 })).toThrow(RangeError);
    expect(() => writeTinyLlamaGguf({ seed: -1 })).toThrow(RangeError);
    expect(() => writeTinyLlamaGguf({ vocabularySize: 10 })).toThrow(RangeError);
    expect(() => writeTinyLlamaGguf({ endOfTextBias: Number.NaN })).toThrow(RangeError);
  });

  it('changes only the output weights when the end-of-text bias is set (a model that never ends)', () => {
    const endless = readGguf(writeTinyLlamaGguf({ seed: 42, endOfTextBias: -30 }));
    const usual = readGguf(writeTinyLlamaGguf({ seed: 42 }));
    expect(endless.metadata).toEqual(usual.metadata);
    expect(endless.tensors).toEqual(usual.tensors);
    expect(sha256(writeTinyLlamaGguf({ seed: 42, endOfTextBias: -1 }))).toBe(EXPECTED_SEED_42_SHA256);
    expect(sha256(writeTinyLlamaGguf({ seed: 42, endOfTextBias: -30 }))).not.toBe(EXPECTED_SEED_42_SHA256);
  });
});

const EXPECTED_SEED_42_SHA256 = 'e18e71e58fca120a953516d17cfb58eae5b74dbe4e02a23cd726f8e829cb3ff4';
