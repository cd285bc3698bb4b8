import { describe, expect, it } from 'vitest';
import {
  findModelCard,
  openAiModelListSchema,
  pickServedModelCard,
  readModelContextSize,
  readModelDigest,
} from './openai-model-list.js';

const vllmList = openAiModelListSchema.parse({
  object: 'list',
  data: [
    {
      id: 'meta-llama/Llama-3.1-8B',
      object: 'model',
      owned_by: 'vllm',
      root: 'meta-llama/Llama-3.1-8B',
      max_model_len: 4096,
    },
    {
      id: 'lora-a',
      object: 'model',
      owned_by: 'vllm',
      parent: 'meta-llama/Llama-3.1-8B',
      max_model_len: null,
    },
  ],
});

const llamaServerList = openAiModelListSchema.parse({
  models: [{ name: 'tiny.gguf', digest: '' }],
  object: 'list',
  data: [
    {
      id: '/models/tiny.gguf',
      aliases: ['tiny'],
      object: 'model',
      owned_by: 'llamacpp',
      meta: { vocab_type: 1, n_vocab: 768, n_ctx: 512, n_ctx_train: 512 },
    },
  ],
});

describe('OpenAI model list', () => {
  it('finds a card by id, then by alias', () => {
    expect(findModelCard(vllmList, 'lora-a')?.parent).toBe('meta-llama/Llama-3.1-8B');
    expect(findModelCard(llamaServerList, 'tiny')?.id).toBe('/models/tiny.gguf');
    expect(findModelCard(vllmList, 'nope')).toBeUndefined();
  });

  it('picks the only card for a name a single-model server does not list, and no card of a longer list', () => {
    expect(pickServedModelCard(llamaServerList, 'whatever')?.id).toBe('/models/tiny.gguf');
    expect(pickServedModelCard(vllmList, 'lora-a')?.id).toBe('lora-a');
    expect(pickServedModelCard(vllmList, 'whatever')).toBeUndefined();
  });

  it("reads the context size from vLLM's max_model_len or llama-server's meta.n_ctx", () => {
    expect(readModelContextSize(vllmList.data[0] ?? { id: '' })).toBe(4096);
    expect(readModelContextSize(vllmList.data[1] ?? { id: '' })).toBeUndefined();
    expect(readModelContextSize(llamaServerList.data[0] ?? { id: '' })).toBe(512);
    expect(readModelContextSize({ id: 'lmstudio', context_length: 8192 })).toBe(8192);
  });

  it('reads a digest only when the card states a non-empty one', () => {
    expect(readModelDigest({ id: 'm', digest: 'sha256:abc' })).toBe('sha256:abc');
    expect(readModelDigest({ id: 'm', digest: '' })).toBeUndefined();
    expect(readModelDigest({ id: 'm' })).toBeUndefined();
  });
});
