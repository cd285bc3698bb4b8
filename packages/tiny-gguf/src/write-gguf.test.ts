import { describe, expect, it } from 'vitest';
import type { GgufMetadataValue } from './gguf-metadata-value.js';
import { readF32Tensor, readGguf } from './read-gguf.js';
import { writeGguf } from './write-gguf.js';

describe('writeGguf and readGguf', () => {
  it('round-trips every metadata type this package writes', () => {
    const metadata = new Map<string, GgufMetadataValue>([
      ['a.u32', { type: 'uint32', value: 4_000_000_000 }],
      ['a.i32', { type: 'int32', value: -5 }],
      ['a.u64', { type: 'uint64', value: 2n ** 40n }],
      ['a.f32', { type: 'float32', value: 0.5 }],
      ['a.bool', { type: 'bool', value: false }],
      ['a.string', { type: 'string', value: 'naïve 日本 🙂' }],
      ['a.strings', { type: 'array', itemType: 'string', value: ['x', '', '▁y'] }],
      ['a.floats', { type: 'array', itemType: 'float32', value: [1.5, -2] }],
      ['a.ints', { type: 'array', itemType: 'int32', value: [6, -1] }],
    ]);
    const file = readGguf(writeGguf({ metadata, tensors: [] }));
    expect(file.version).toBe(3);
    expect([...file.metadata.keys()]).toEqual([...metadata.keys()]);
    expect(file.metadata.get('a.u32')).toEqual({ type: 'uint32', value: 4_000_000_000 });
    expect(file.metadata.get('a.i32')).toEqual({ type: 'int32', value: -5 });
    expect(file.metadata.get('a.u64')).toEqual({ type: 'uint64', value: 2n ** 40n });
    expect(file.metadata.get('a.f32')).toEqual({ type: 'float32', value: 0.5 });
    expect(file.metadata.get('a.bool')).toEqual({ type: 'bool', value: false });
    expect(file.metadata.get('a.string')?.value).toBe('naïve 日本 🙂');
    expect(file.metadata.get('a.strings')).toEqual({
      type: 'array',
      itemType: 'string',
      value: ['x', '', '▁y'],
    });
    expect(file.metadata.get('a.floats')).toEqual({ type: 'array', itemType: 'float32', value: [1.5, -2] });
    expect(file.metadata.get('a.ints')).toEqual({ type: 'array', itemType: 'int32', value: [6, -1] });
  });

  it('writes tensor data that reads back exactly, at aligned offsets', () => {
    const small = Float32Array.from([1, 2, 3]);
    const large = Float32Array.from({ length: 24 }, (_, index) => index / 8);
    const bytes = writeGguf({
      metadata: new Map(),
      tensors: [
        { name: 'small', dimensions: [3], data: small },
        { name: 'large', dimensions: [4, 6], data: large },
      ],
    });
    const file = readGguf(bytes);
    expect(file.tensors.map((tensor) => [tensor.name, tensor.offset])).toEqual([
      ['small', 0],
      ['large', 32],
    ]);
    expect(file.dataOffset % 32).toBe(0);
    expect(readF32Tensor(bytes, file, 'small')).toEqual(small);
    expect(readF32Tensor(bytes, file, 'large')).toEqual(large);
  });

  it('refuses a tensor whose data does not match its dimensions', () => {
    expect(() =>
      writeGguf({
        metadata: new Map(),
        tensors: [{ name: 't', dimensions: [2, 2], data: new Float32Array(3) }],
      }),
    ).toThrow(RangeError);
  });

  it('rejects bytes that are not GGUF or end early', () => {
    expect(() => readGguf(new TextEncoder().encode('GGML....'))).toThrow(/not a GGUF file/);
    const bytes = writeGguf({ metadata: new Map([['k', { type: 'string', value: 'value' }]]), tensors: [] });
    expect(() => readGguf(bytes.subarray(0, 30))).toThrow(/truncated/);
  });
});
