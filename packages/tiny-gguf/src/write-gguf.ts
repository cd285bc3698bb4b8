import { ByteWriter } from './byte-writer.js';
import type { GgufMetadataValue } from './gguf-metadata-value.js';
import type { GgufTensor } from './gguf-tensor.js';
import {
  GGML_TYPE_F32,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VALUE_TYPE,
  GGUF_VERSION,
} from './gguf-value-type.js';

/** What goes into a GGUF file: metadata in insertion order, then tensors in order. */
export interface GgufContent {
  /** Metadata key-value pairs, written in iteration order. */
  metadata: ReadonlyMap<string, GgufMetadataValue>;
  /** F32 tensors, written in order. */
  tensors: readonly GgufTensor[];
}

/**
 * Serialises a GGUF v3 file: header, typed metadata, tensor infos, then the tensor data, each tensor
 * starting at a multiple of the alignment (`general.alignment` when present as uint32, else 32).
 */
export function writeGguf(content: GgufContent): Uint8Array {
  const alignment = readAlignment(content.metadata);
  const writer = new ByteWriter();
  writer.raw(new TextEncoder().encode(GGUF_MAGIC));
  writer.uint32(GGUF_VERSION);
  writer.uint64(content.tensors.length);
  writer.uint64(content.metadata.size);
  for (const [key, value] of content.metadata) {
    writer.string(key);
    writeMetadataValue(writer, value);
  }
  let dataOffset = 0;
  for (const tensor of content.tensors) {
    checkTensor(tensor);
    writer.string(tensor.name);
    writer.uint32(tensor.dimensions.length);
    for (const dimension of tensor.dimensions) writer.uint64(dimension);
    writer.uint32(GGML_TYPE_F32);
    writer.uint64(dataOffset);
    dataOffset = alignUp(dataOffset + tensor.data.length * 4, alignment);
  }
  writer.padTo(alignment);
  for (const tensor of content.tensors) {
    writer.float32Array(tensor.data);
    writer.padTo(alignment);
  }
  return writer.toBytes();
}

function writeMetadataValue(writer: ByteWriter, entry: GgufMetadataValue): void {
  writer.uint32(GGUF_VALUE_TYPE[entry.type]);
  switch (entry.type) {
    case 'uint32':
      writer.uint32(entry.value);
      return;
    case 'int32':
      writer.int32(entry.value);
      return;
    case 'uint64':
      writer.uint64(entry.value);
      return;
    case 'float32':
      writer.float32(entry.value);
      return;
    case 'bool':
      writer.uint8(entry.value ? 1 : 0);
      return;
    case 'string':
      writer.string(entry.value);
      return;
    case 'array':
      writeArrayValue(writer, entry);
      return;
  }
}

function writeArrayValue(writer: ByteWriter, entry: Extract<GgufMetadataValue, { type: 'array' }>): void {
  writer.uint32(GGUF_VALUE_TYPE[entry.itemType]);
  writer.uint64(entry.value.length);
  switch (entry.itemType) {
    case 'string':
      for (const item of entry.value) writer.string(item);
      return;
    case 'float32':
      for (const item of entry.value) writer.float32(item);
      return;
    case 'int32':
      for (const item of entry.value) writer.int32(item);
      return;
  }
}

function checkTensor(tensor: GgufTensor): void {
  const elements = tensor.dimensions.reduce((product, dimension) => product * dimension, 1);
  if (elements !== tensor.data.length) {
    throw new RangeError(
      `tensor ${tensor.name} has ${tensor.data.length} values but dimensions [${tensor.dimensions.join(', ')}]`,
    );
  }
}

function readAlignment(metadata: ReadonlyMap<string, GgufMetadataValue>): number {
  const entry = metadata.get('general.alignment');
  return entry?.type === 'uint32' ? entry.value : GGUF_DEFAULT_ALIGNMENT;
}

function alignUp(offset: number, alignment: number): number {
  return Math.ceil(offset / alignment) * alignment;
}
