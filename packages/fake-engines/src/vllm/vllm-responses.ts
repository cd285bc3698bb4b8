import type { GenerationPlan } from '../core/generation-plan.js';
import type { VllmGenerationRequest } from './parse-vllm-request.js';
import type { VllmFakeOptions } from './vllm-fake-options.js';

/** Usage object in vLLM's key order (specs/engines/vllm.md A.10). */
export function vllmUsage(promptTokens: number, completionTokens: number): Record<string, number> {
  return {
    prompt_tokens: promptTokens,
    total_tokens: promptTokens + completionTokens,
    completion_tokens: completionTokens,
  };
}

/** vLLM's finish reason and stop reason for a plan (specs/engines/vllm.md A.2, specs/engines/cross-engine.md E.7). */
export function vllmFinish(plan: GenerationPlan): { finishReason: string; stopReason: string | null } {
  if (plan.finish === 'length') return { finishReason: 'length', stopReason: null };
  return { finishReason: 'stop', stopReason: plan.stopMatched };
}

/**
 * Builds the `data:` payloads of one vLLM stream. Empty deltas are skipped only before the first text, as in
 * vLLM's "chunked prefill case"; after that an incomplete character gives a `text: ""` chunk (specs/engines/vllm.md A.2, specs/engines/cross-engine.md E.5).
 */
export class VllmStreamBuilder {
  private readonly created = Math.floor(Date.now() / 1000);
  private sentText = false;

  constructor(
    private readonly request: VllmGenerationRequest,
    private readonly plan: GenerationPlan,
    private readonly model: string,
    private readonly options: VllmFakeOptions,
  ) {}

  /** The chat role chunk sent before any token (specs/engines/vllm.md A.3); null for completions. */
  roleChunk(): string | null {
    if (this.request.route !== 'chat') return null;
    return this.chunk(
      [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      0,
    );
  }

  /** Payloads for token `index` (0, 1 or 2 of them). */
  tokenChunks(index: number, emptyTextEvents: boolean): string[] {
    const token = this.plan.tokens[index];
    if (token === undefined) return [];
    const last = index === this.plan.tokens.length - 1;
    if (!last && token.text === '' && !this.sentText) return [];
    this.sentText = true;
    const chunks = [this.chunk([this.choice(token.text, last)], index + 1)];
    if (emptyTextEvents && !last && token.text !== '')
      chunks.push(this.chunk([this.choice('', false)], index + 1));
    return chunks;
  }

  /** The extra usage chunk of `include_usage`: `choices: []` (specs/engines/vllm.md A.4). */
  usageChunk(): string {
    return JSON.stringify({
      id: this.request.id,
      object: this.objectName(),
      created: this.created,
      model: this.model,
      choices: [],
      usage: vllmUsage(this.request.promptTokens, this.plan.tokens.length),
    });
  }

  private objectName(): string {
    return this.request.route === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  }

  private choice(text: string, last: boolean): Record<string, unknown> {
    const { finishReason, stopReason } = vllmFinish(this.plan);
    if (this.request.route === 'chat') {
      const choice: Record<string, unknown> = {
        index: 0,
        delta: { content: text },
        logprobs: null,
        finish_reason: last ? finishReason : null,
      };
      if (last) choice.stop_reason = stopReason;
      return choice;
    }
    return {
      index: 0,
      text,
      logprobs: null,
      finish_reason: last ? finishReason : null,
      stop_reason: last ? stopReason : null,
      prompt_token_ids: null,
      token_ids: null,
    };
  }

  private chunk(choices: unknown[], completionTokens: number): string {
    const chunk: Record<string, unknown> = {
      id: this.request.id,
      object: this.objectName(),
      created: this.created,
      model: this.model,
      choices,
    };
    if (this.request.continuousUsage) chunk.usage = vllmUsage(this.request.promptTokens, completionTokens);
    else if (this.options.nullUsageOnEveryChunk === true) chunk.usage = null;
    return JSON.stringify(chunk);
  }
}

/** The non-streamed answer: the same text the stream carries, in one response (specs/engines/vllm.md A.2, A.3). */
export function vllmFullResponse(
  request: VllmGenerationRequest,
  plan: GenerationPlan,
  model: string,
): Record<string, unknown> {
  const { finishReason, stopReason } = vllmFinish(plan);
  const created = Math.floor(Date.now() / 1000);
  const usage = { ...vllmUsage(request.promptTokens, plan.tokens.length), prompt_tokens_details: null };
  if (request.route === 'chat') {
    return {
      id: request.id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: plan.text,
            refusal: null,
            annotations: null,
            audio: null,
            function_call: null,
            reasoning: null,
          },
          logprobs: null,
          finish_reason: finishReason,
          stop_reason: stopReason,
        },
      ],
      service_tier: null,
      system_fingerprint: null,
      usage,
      prompt_logprobs: null,
      kv_transfer_params: null,
    };
  }
  return {
    id: request.id,
    object: 'text_completion',
    created,
    model,
    choices: [
      {
        index: 0,
        text: plan.text,
        logprobs: null,
        finish_reason: finishReason,
        stop_reason: stopReason,
        prompt_logprobs: null,
      },
    ],
    service_tier: null,
    system_fingerprint: null,
    usage,
    kv_transfer_params: null,
  };
}
