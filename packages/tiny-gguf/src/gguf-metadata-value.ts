/**
 * One typed GGUF metadata value. Numbers are kept with their wire type because GGUF readers
 * (llama.cpp among them) check the type of each key, not only its value.
 */
export type GgufMetadataValue =
  | { type: 'uint32'; value: number }
  | { type: 'int32'; value: number }
  | { type: 'uint64'; value: bigint }
  | { type: 'float32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; itemType: 'string'; value: readonly string[] }
  | { type: 'array'; itemType: 'float32'; value: readonly number[] }
  | { type: 'array'; itemType: 'int32'; value: readonly number[] };
