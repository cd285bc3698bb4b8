/** Appends little-endian values to a growing byte buffer. */
export class ByteWriter {
  #bytes = new Uint8Array(1 << 16);
  #view = new DataView(this.#bytes.buffer);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  uint32(value: number): void {
    this.#view.setUint32(this.#reserve(4), value, true);
  }

  int32(value: number): void {
    this.#view.setInt32(this.#reserve(4), value, true);
  }

  uint64(value: bigint | number): void {
    this.#view.setBigUint64(this.#reserve(8), BigInt(value), true);
  }

  float32(value: number): void {
    this.#view.setFloat32(this.#reserve(4), value, true);
  }

  uint8(value: number): void {
    this.#view.setUint8(this.#reserve(1), value);
  }

  raw(bytes: Uint8Array): void {
    this.#bytes.set(bytes, this.#reserve(bytes.length));
  }

  /** A GGUF string: uint64 byte length, then UTF-8 bytes without a terminator. */
  string(value: string): void {
    const encoded = new TextEncoder().encode(value);
    this.uint64(encoded.length);
    this.raw(encoded);
  }

  float32Array(values: Float32Array): void {
    const offset = this.#reserve(values.length * 4);
    for (let index = 0; index < values.length; index += 1) {
      this.#view.setFloat32(offset + index * 4, values[index] ?? 0, true);
    }
  }

  /** Writes zero bytes until the length is a multiple of `alignment`. */
  padTo(alignment: number): void {
    const remainder = this.#length % alignment;
    if (remainder !== 0) this.#reserve(alignment - remainder);
  }

  toBytes(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  #reserve(count: number): number {
    const offset = this.#length;
    const needed = offset + count;
    if (needed > this.#bytes.length) {
      let capacity = this.#bytes.length;
      while (capacity < needed) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.#bytes.subarray(0, offset));
      this.#bytes = grown;
      this.#view = new DataView(grown.buffer);
    }
    this.#length = needed;
    return offset;
  }
}
