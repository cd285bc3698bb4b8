import {
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VALUE_TYPE,
  type GgufValueTypeName,
} from './gguf-value-type.js';

/** A scalar read from GGUF metadata (64-bit integers stay `bigint`). */
export type GgufScalar = number | bigint | boolean | string;

/** One metadata entry as read back from a file. */
export interface GgufReadEntry {
  /** Wire type of the value. */
  type: GgufValueTypeName;
  /** Wire type of the items when `type` is `array`. */
  itemType?: GgufValueTypeName;
  /** The value; an array for `array` entries. */
  value: GgufScalar | GgufScalar[];
}

/** A tensor description from the tensor-info section. */
export interface GgufReadTensorInfo {
  /** Tensor name. */
  name: string;
  /** GGML dimensions, innermost first. */
  dimensions: number[];
  /** GGML type id (0 = F32). */
  ggmlType: number;
  /** Offset of the data relative to `dataOffset`. */
  offset: number;
}

/** A parsed GGUF file. */
export interface GgufFile {
  /** Format version from the header. */
  version: number;
  /** Metadata in file order. */
  metadata: Map<string, GgufReadEntry>;
  /** Tensor infos in file order. */
  tensors: GgufReadTensorInfo[];
  /** Alignment used for the data section. */
  alignment: number;
  /** Absolute offset of the tensor data section. */
  dataOffset: number;
}

const TYPE_NAMES = new Map<number, GgufValueTypeName>(
  Object.entries(GGUF_VALUE_TYPE).map(([name, id]) => [id, name as GgufValueTypeName]),
);

/** Parses the header, metadata and tensor infos of a GGUF v2/v3 file. Throws on malformed input. */
export function readGguf(bytes: Uint8Array): GgufFile {
  const reader = new ByteReader(bytes);
  const magic = new TextDecoder().decode(reader.take(4));
  if (magic !== GGUF_MAGIC) throw new Error(`not a GGUF file (magic ${JSON.stringify(magic)})`);
  const version = reader.uint32();
  const tensorCount = reader.safeUint64();
  const metadataCount = reader.safeUint64();
  const metadata = new Map<string, GgufReadEntry>();
  for (let index = 0; index < metadataCount; index += 1) {
    const key = reader.string();
    metadata.set(key, readEntry(reader));
  }
  const tensors: GgufReadTensorInfo[] = [];
  for (let index = 0; index < tensorCount; index += 1) {
    const name = reader.string();
    const dimensionCount = reader.uint32();
    const dimensions: number[] = [];
    for (let axis = 0; axis < dimensionCount; axis += 1) dimensions.push(reader.safeUint64());
    tensors.push({ name, dimensions, ggmlType: reader.uint32(), offset: reader.safeUint64() });
  }
  const alignmentEntry = metadata.get('general.alignment');
  const alignment = typeof alignmentEntry?.value === 'number' ? alignmentEntry.value : GGUF_DEFAULT_ALIGNMENT;
  const dataOffset = Math.ceil(reader.position / alignment) * alignment;
  return { version, metadata, tensors, alignment, dataOffset };
}

/** Copies the values of an F32 tensor out of a file's bytes. */
export function readF32Tensor(bytes: Uint8Array, file: GgufFile, name: string): Float32Array {
  const info = file.tensors.find((tensor) => tensor.name === name);
  if (!info) throw new Error(`no tensor named ${name}`);
  if (info.ggmlType !== 0) throw new Error(`tensor ${name} is not F32 (type ${info.ggmlType})`);
  const count = info.dimensions.reduce((product, dimension) => product * dimension, 1);
  const start = file.dataOffset + info.offset;
  if (start + count * 4 > bytes.length) throw new Error(`tensor ${name} runs past the end of the file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * 4);
  const values = new Float32Array(count);
  for (let index = 0; index < count; index += 1) values[index] = view.getFloat32(index * 4, true);
  return values;
}

function readEntry(reader: ByteReader): GgufReadEntry {
  const type = typeName(reader.uint32());
  if (type !== 'array') return { type, value: readScalar(reader, type) };
  const itemType = typeName(reader.uint32());
  if (itemType === 'array') throw new Error('nested GGUF arrays are not supported');
  const count = reader.safeUint64();
  const value: GgufScalar[] = [];
  for (let index = 0; index < count; index += 1) value.push(readScalar(reader, itemType));
  return { type, itemType, value };
}

function readScalar(reader: ByteReader, type: Exclude<GgufValueTypeName, 'array'>): GgufScalar {
  switch (type) {
    case 'uint8':
      return reader.view.getUint8(reader.advance(1));
    case 'int8':
      return reader.view.getInt8(reader.advance(1));
    case 'uint16':
      return reader.view.getUint16(reader.advance(2), true);
    case 'int16':
      return reader.view.getInt16(reader.advance(2), true);
    case 'uint32':
      return reader.uint32();
    case 'int32':
      return reader.view.getInt32(reader.advance(4), true);
    case 'float32':
      return reader.view.getFloat32(reader.advance(4), true);
    case 'bool':
      return reader.view.getUint8(reader.advance(1)) !== 0;
    case 'string':
      return reader.string();
    case 'uint64':
      return reader.view.getBigUint64(reader.advance(8), true);
    case 'int64':
      return reader.view.getBigInt64(reader.advance(8), true);
    case 'float64':
      return reader.view.getFloat64(reader.advance(8), true);
  }
}

function typeName(id: number): GgufValueTypeName {
  const name = TYPE_NAMES.get(id);
  if (!name) throw new Error(`unknown GGUF value type ${id}`);
  return name;
}

class ByteReader {
  readonly view: DataView;
  position = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  advance(count: number): number {
    const offset = this.position;
    if (offset + count > this.bytes.length) throw new Error(`GGUF truncated at byte ${offset}`);
    this.position += count;
    return offset;
  }

  take(count: number): Uint8Array {
    const offset = this.advance(count);
    return this.bytes.subarray(offset, offset + count);
  }

  uint32(): number {
    return this.view.getUint32(this.advance(4), true);
  }

  safeUint64(): number {
    const value = this.view.getBigUint64(this.advance(8), true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`GGUF count ${value} is too large`);
    return Number(value);
  }

  string(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.take(this.safeUint64()));
  }
}
