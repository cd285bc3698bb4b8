export { createTinyModelFile } from './create-tiny-model-file.js';
export type { GgufMetadataValue } from './gguf-metadata-value.js';
export type { GgufTensor } from './gguf-tensor.js';
export {
  GGML_TYPE_F32,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VALUE_TYPE,
  GGUF_VERSION,
  type GgufValueTypeName,
} from './gguf-value-type.js';
export { LLAMA_TOKEN_TYPE } from './llama-token-type.js';
export {
  type GgufFile,
  type GgufReadEntry,
  type GgufReadTensorInfo,
  type GgufScalar,
  readF32Tensor,
  readGguf,
} from './read-gguf.js';
export { createSeededRandom, type SeededRandom } from './seeded-random.js';
export { TINY_CHAT_TEMPLATE } from './tiny-chat-template.js';
export {
  type ResolvedTinyLlamaOptions,
  resolveTinyLlamaOptions,
  type TinyLlamaOptions,
} from './tiny-llama-options.js';
export {
  buildTinyVocabulary,
  MAX_VOCABULARY_SIZE,
  MIN_VOCABULARY_SIZE,
  SPACE_MARKER,
  type TinyVocabulary,
} from './tiny-vocabulary.js';
export { type GgufContent, writeGguf } from './write-gguf.js';
export { writeTinyLlamaGguf } from './write-tiny-llama-gguf.js';
