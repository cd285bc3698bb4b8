import type { EndEvent } from '@orch/adapter-api';

/** `usage` of chat and text completions. Unknown counts are `null`, never a made-up 0. */
export interface OpenAiUsage {
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
}

/** The usage an `end` event reports. */
export function createOpenAiUsage(end: EndEvent): OpenAiUsage {
  const prompt = end.tokens_in ?? null;
  const completion = end.tokens_out ?? null;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt !== null && completion !== null ? prompt + completion : null,
  };
}
