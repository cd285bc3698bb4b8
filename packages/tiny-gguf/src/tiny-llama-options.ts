/** Shape and identity of a tiny random-weights llama model. Every field has a default. */
export interface TinyLlamaOptions {
  /** Seed of the weights; the same options and seed always give identical bytes. Default 0. */
  seed?: number;
  /** `llama.embedding_length`. Default 64. Must be divisible by `headCount`. */
  embeddingLength?: number;
  /** `llama.block_count`. Default 2. */
  blockCount?: number;
  /** `llama.attention.head_count`. Default 4. */
  headCount?: number;
  /** `llama.attention.head_count_kv` (grouped-query attention when smaller). Default `headCount`. */
  headCountKv?: number;
  /** `llama.feed_forward_length`. Default 128. */
  feedForwardLength?: number;
  /** `llama.context_length` (the training context the server reports as `n_ctx_train`). Default 512. */
  contextLength?: number;
  /** Number of tokens in the vocabulary, specials and the 256 byte tokens included. Default 768. */
  vocabularySize?: number;
  /** `general.name`. Default `tiny-llama-s<seed>`. */
  name?: string;
  /**
   * Logit offset, in nats, of the end-of-text token after text. Default -1 (answers end after a few hundred
   * tokens); -30 makes a model that never ends on its own, for tests that need a long stream.
   */
  endOfTextBias?: number;
}

/** `TinyLlamaOptions` with every default filled in. */
export type ResolvedTinyLlamaOptions = Required<TinyLlamaOptions>;

/** Fills in defaults and checks that the shape is one llama.cpp can load. */
export function resolveTinyLlamaOptions(options: TinyLlamaOptions = {}): ResolvedTinyLlamaOptions {
  const seed = options.seed ?? 0;
  const headCount = options.headCount ?? 4;
  const resolved: ResolvedTinyLlamaOptions = {
    seed,
    embeddingLength: options.embeddingLength ?? 64,
    blockCount: options.blockCount ?? 2,
    headCount,
    headCountKv: options.headCountKv ?? headCount,
    feedForwardLength: options.feedForwardLength ?? 128,
    contextLength: options.contextLength ?? 512,
    vocabularySize: options.vocabularySize ?? 768,
    name: options.name ?? `tiny-llama-s${seed}`,
    endOfTextBias: options.endOfTextBias ?? -1,
  };
  if (!Number.isFinite(resolved.endOfTextBias) || Math.abs(resolved.endOfTextBias) > 100) {
    throw new RangeError(`endOfTextBias must be a number in [-100, 100], got ${resolved.endOfTextBias}`);
  }
  for (const key of [
    'embeddingLength',
    'blockCount',
    'headCount',
    'headCountKv',
    'feedForwardLength',
    'contextLength',
  ] as const) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1 || value > 65536) {
      throw new RangeError(`${key} must be an integer in [1, 65536], got ${value}`);
    }
  }
  const { embeddingLength, headCountKv } = resolved;
  if (embeddingLength % headCount !== 0 || (embeddingLength / headCount) % 2 !== 0) {
    throw new RangeError(
      `embeddingLength ${embeddingLength} must split into ${headCount} heads of even size`,
    );
  }
  if (headCount % headCountKv !== 0) {
    throw new RangeError(`headCount ${headCount} must be a multiple of headCountKv ${headCountKv}`);
  }
  if (embeddingLength < 16)
    throw new RangeError(`embeddingLength must be at least 16, got ${embeddingLength}`);
  return resolved;
}
