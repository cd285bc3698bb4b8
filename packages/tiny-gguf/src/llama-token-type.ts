/** llama.cpp token types (`llama_token_type`) as stored in `tokenizer.ggml.token_type`. */
export const LLAMA_TOKEN_TYPE = {
  normal: 1,
  unknown: 2,
  control: 3,
  userDefined: 4,
  unused: 5,
  byte: 6,
} as const;
