/** A named F32 tensor to write into a GGUF file. */
export interface GgufTensor {
  /** Tensor name as the loader expects it, e.g. `blk.0.attn_q.weight`. */
  name: string;
  /** GGML dimensions, innermost first (`ne[0]` is the row length). */
  dimensions: readonly number[];
  /** Row-major data; its length must equal the product of `dimensions`. */
  data: Float32Array;
}
