/** What a stream request looks like on one wire, and how its token events are recognised without parsing. */
export interface RelayProtocol {
  /** Request path. */
  path: string;
  /** The JSON body of one streaming request. */
  body(request: StreamRequest): string;
  /** Bytes that occur exactly once per token event. */
  tokenPattern: string;
  /** Bytes of the terminal event of a complete stream. */
  endPattern: string;
}

/** One streaming request of the load. */
export interface StreamRequest {
  /** Tokens to generate. */
  maxTokens: number;
  /** Sampling seed (same seed and prompt → same tokens on every path). */
  seed: number;
  /** Prompt text. */
  prompt: string;
}

/** The llama.cpp native `/completion` wire (specs/engines/llamacpp.md D.1, D.2): one `"stop":false` partial per token. */
export const LLAMACPP_PROTOCOL: RelayProtocol = {
  path: '/completion',
  body: (request) =>
    JSON.stringify({
      prompt: request.prompt,
      n_predict: request.maxTokens,
      stream: true,
      seed: request.seed,
      cache_prompt: false,
    }),
  tokenPattern: '"stop":false',
  endPattern: '"stop":true',
};

/** The orchestrator's `POST /v1/tasks` SSE: one `event: token` per token, `event: end` at the end. */
export function orchestratorProtocol(model: string): RelayProtocol {
  return {
    path: '/v1/tasks',
    body: (request) =>
      JSON.stringify({
        model,
        prompt: request.prompt,
        max_tokens: request.maxTokens,
        seed: request.seed,
      }),
    tokenPattern: 'event: token',
    endPattern: 'event: end',
  };
}
