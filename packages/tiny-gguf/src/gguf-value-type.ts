/** GGUF metadata value type ids (GGUF v3, `gguf_type` in ggml). */
export const GGUF_VALUE_TYPE = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

/** Name of a GGUF metadata value type. */
export type GgufValueTypeName = keyof typeof GGUF_VALUE_TYPE;

/** GGML tensor type id for 32-bit floats, the only tensor type this package writes. */
export const GGML_TYPE_F32 = 0;

/** The `GGUF` magic as it appears in the first four bytes of a file. */
export const GGUF_MAGIC = 'GGUF';

/** The GGUF format version this package writes. */
export const GGUF_VERSION = 3;

/** Default alignment of tensor data (`general.alignment`). */
export const GGUF_DEFAULT_ALIGNMENT = 32;
