import { z } from 'zod';

const positiveInt = z.number().int().positive();

/**
 * One entry of `GET /v1/models` `data[]`. Besides OpenAI's `{id, object, created, owned_by}` it reads what
 * servers add: vLLM's `root` and `max_model_len` (specs/engines/vllm.md A.7), llama-server's `aliases` and `meta.n_ctx` (specs/engines/llamacpp.md D.3),
 * `context_length` / `context_window` (LM Studio, OpenRouter-style gateways), and a weights `digest` where a
 * server exposes one (an empty string, as llama-server writes in its Ollama-style list, counts as none).
 */
export const openAiModelCardSchema = z.looseObject({
  id: z.string(),
  owned_by: z.string().nullish(),
  root: z.string().nullish(),
  parent: z.string().nullish(),
  aliases: z.array(z.string()).nullish(),
  max_model_len: positiveInt.nullish(),
  context_length: positiveInt.nullish(),
  context_window: positiveInt.nullish(),
  digest: z.string().nullish(),
  meta: z.looseObject({ n_ctx: positiveInt.nullish(), n_ctx_train: positiveInt.nullish() }).nullish(),
});

/** A parsed model card. */
export type OpenAiModelCard = z.infer<typeof openAiModelCardSchema>;

/** `GET /v1/models`: `{"object":"list","data":[…]}`. */
export const openAiModelListSchema = z.looseObject({ data: z.array(openAiModelCardSchema) });

/** A parsed model list. */
export type OpenAiModelList = z.infer<typeof openAiModelListSchema>;

/**
 * The card of the model `name`: by `id`, then by alias; `undefined` when the list has no such model. A server
 * that serves one model and ignores the name (llama-server, specs/engines/llamacpp.md D.3) is matched with {@link pickServedModelCard}.
 */
export function findModelCard(list: OpenAiModelList, name: string): OpenAiModelCard | undefined {
  return (
    list.data.find((card) => card.id === name) ??
    list.data.find((card) => card.aliases?.includes(name) === true)
  );
}

/**
 * The card of `name` when listed, else the only card of a list with exactly one: single-model servers
 * (llama-server, specs/engines/llamacpp.md D.3) serve it whatever the name. `undefined` when a multi-model list lacks the name.
 */
export function pickServedModelCard(list: OpenAiModelList, name: string): OpenAiModelCard | undefined {
  return findModelCard(list, name) ?? (list.data.length === 1 ? list.data[0] : undefined);
}

/** The context size a card states (vLLM `max_model_len`, llama-server `meta.n_ctx`, `context_length`…). */
export function readModelContextSize(card: OpenAiModelCard): number | undefined {
  return card.max_model_len ?? card.meta?.n_ctx ?? card.context_length ?? card.context_window ?? undefined;
}

/** The weights digest a card states, when it states a non-empty one. */
export function readModelDigest(card: OpenAiModelCard): string | undefined {
  return typeof card.digest === 'string' && card.digest.length > 0 ? card.digest : undefined;
}
