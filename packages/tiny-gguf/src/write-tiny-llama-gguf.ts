import type { GgufMetadataValue } from './gguf-metadata-value.js';
import { GGUF_DEFAULT_ALIGNMENT } from './gguf-value-type.js';
import { TINY_CHAT_TEMPLATE } from './tiny-chat-template.js';
import { resolveTinyLlamaOptions, type TinyLlamaOptions } from './tiny-llama-options.js';
import { buildTinyLlamaTensors } from './tiny-llama-weights.js';
import { buildTinyVocabulary } from './tiny-vocabulary.js';
import { writeGguf } from './write-gguf.js';

/** RMS norm epsilon written to `llama.attention.layer_norm_rms_epsilon`. */
const RMS_EPSILON = 1e-5;
/** GGUF `general.file_type` for "all F32". */
const FILE_TYPE_ALL_F32 = 0;

/**
 * Writes a complete GGUF v3 file for a random-weights `llama` model that llama.cpp loads and runs
 * (specs/engines/real-llama-server.md). Deterministic: the same options (seed included) give identical bytes.
 */
export function writeTinyLlamaGguf(options: TinyLlamaOptions = {}): Uint8Array {
  const resolved = resolveTinyLlamaOptions(options);
  const vocabulary = buildTinyVocabulary(resolved.vocabularySize);
  const u32 = (value: number): GgufMetadataValue => ({ type: 'uint32', value });
  const metadata = new Map<string, GgufMetadataValue>([
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: resolved.name }],
    ['general.alignment', u32(GGUF_DEFAULT_ALIGNMENT)],
    ['general.file_type', u32(FILE_TYPE_ALL_F32)],
    ['llama.vocab_size', u32(vocabulary.tokens.length)],
    ['llama.context_length', u32(resolved.contextLength)],
    ['llama.embedding_length', u32(resolved.embeddingLength)],
    ['llama.block_count', u32(resolved.blockCount)],
    ['llama.feed_forward_length', u32(resolved.feedForwardLength)],
    ['llama.attention.head_count', u32(resolved.headCount)],
    ['llama.attention.head_count_kv', u32(resolved.headCountKv)],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: RMS_EPSILON }],
    ['llama.rope.dimension_count', u32(resolved.embeddingLength / resolved.headCount)],
    ['llama.rope.freq_base', { type: 'float32', value: 10000 }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocabulary.tokens }],
    ['tokenizer.ggml.scores', { type: 'array', itemType: 'float32', value: vocabulary.scores }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'int32', value: vocabulary.tokenTypes }],
    ['tokenizer.ggml.unknown_token_id', u32(vocabulary.unknownId)],
    ['tokenizer.ggml.bos_token_id', u32(vocabulary.bosId)],
    ['tokenizer.ggml.eos_token_id', u32(vocabulary.eosId)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: TINY_CHAT_TEMPLATE }],
  ]);
  return writeGguf({ metadata, tensors: buildTinyLlamaTensors(resolved, vocabulary) });
}
