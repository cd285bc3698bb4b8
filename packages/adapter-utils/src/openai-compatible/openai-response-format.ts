/** `response_format` in OpenAI's request shape, which vLLM and llama-server's chat route take as well. */
export type OpenAiResponseFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown> } };
