import type { GenerationPlan } from '../core/generation-plan.js';
import type { GenerationTiming } from '../core/run-generation.js';
import type { LlamaCppGenerationRequest } from './parse-llamacpp-request.js';

/** Native `stop_type` (specs/engines/llamacpp.md D.2, specs/engines/cross-engine.md E.7). */
export function llamaCppStopType(plan: GenerationPlan): string {
  if (plan.finish === 'eos') return 'eos';
  if (plan.finish === 'stop') return 'word';
  return 'limit';
}

/** OAI `finish_reason` (specs/engines/llamacpp.md D.3). */
export function llamaCppFinishReason(plan: GenerationPlan): string {
  return plan.finish === 'length' ? 'length' : 'stop';
}

/** The `timings` object (specs/engines/llamacpp.md D.2). */
export function llamaCppTimings(
  request: LlamaCppGenerationRequest,
  tokens: number,
  timing: GenerationTiming,
) {
  const promptMs = Math.max(0.001, timing.firstTokenAt - timing.startedAt);
  const predictedMs = Math.max(0.001, timing.finishedAt - timing.firstTokenAt);
  return {
    cache_n: 0,
    prompt_n: request.promptTokens,
    prompt_ms: promptMs,
    prompt_per_token_ms: promptMs / request.promptTokens,
    prompt_per_second: (1000 * request.promptTokens) / promptMs,
    predicted_n: tokens,
    predicted_ms: predictedMs,
    predicted_per_token_ms: tokens > 0 ? predictedMs / tokens : 0,
    predicted_per_second: (1000 * tokens) / predictedMs,
  };
}

/** `generation_settings` (a subset of the real field list, specs/engines/llamacpp.md D.2). */
export function llamaCppGenerationSettings(request: LlamaCppGenerationRequest) {
  return {
    seed: request.reportedSeed,
    temperature: request.temperature,
    dynatemp_range: 0,
    dynatemp_exponent: 1,
    top_k: 40,
    top_p: 0.95,
    min_p: 0.05,
    typical_p: 1,
    repeat_last_n: 64,
    repeat_penalty: 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    mirostat: 0,
    n_predict: request.nPredict,
    n_keep: 0,
    n_probs: 0,
    min_keep: 0,
    ignore_eos: request.ignoreEos,
    stream: request.stream,
    stop: request.stop,
    samplers: ['penalties', 'dry', 'top_n_sigma', 'top_k', 'typ_p', 'top_p', 'min_p', 'xtc', 'temperature'],
    timings_per_token: false,
    post_sampling_probs: false,
    lora: [],
  };
}

/** A native partial event (specs/engines/llamacpp.md D.2). */
export function llamaCppPartial(
  content: string,
  tokens: number[],
  slot: number,
  predicted: number,
  evaluated: number,
): string {
  return JSON.stringify({
    index: 0,
    content,
    tokens,
    stop: false,
    id_slot: slot,
    tokens_predicted: predicted,
    tokens_evaluated: evaluated,
  });
}

/** The native final result: streamed (`content` and `tokens` empty) or the whole non-streamed answer (specs/engines/llamacpp.md D.2). */
export function llamaCppFinal(
  request: LlamaCppGenerationRequest,
  plan: GenerationPlan,
  model: string,
  slot: number,
  timing: GenerationTiming,
  streamed: boolean,
): Record<string, unknown> {
  const tokens = plan.tokens.length;
  return {
    index: 0,
    content: streamed ? '' : plan.text,
    tokens: streamed || !request.returnTokens ? [] : plan.tokens.map((token) => token.id),
    id_slot: slot,
    stop: true,
    model,
    tokens_predicted: tokens,
    tokens_evaluated: request.promptTokens,
    generation_settings: llamaCppGenerationSettings(request),
    prompt: `<s>${request.prompt}`,
    has_new_line: plan.text.includes('\n'),
    truncated: false,
    stop_type: llamaCppStopType(plan),
    stopping_word: plan.stopMatched ?? '',
    tokens_cached: request.promptTokens + tokens,
    timings: llamaCppTimings(request, tokens, timing),
  };
}

/** OAI `usage` (specs/engines/llamacpp.md D.3). */
export function llamaCppUsage(request: LlamaCppGenerationRequest, tokens: number) {
  return {
    completion_tokens: tokens,
    prompt_tokens: request.promptTokens,
    total_tokens: request.promptTokens + tokens,
    prompt_tokens_details: { cached_tokens: 0 },
  };
}

/** Builds OAI chunks and answers for `/v1/completions` and `/v1/chat/completions` (specs/engines/llamacpp.md D.3). */
export class LlamaCppOaiBuilder {
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    private readonly request: LlamaCppGenerationRequest,
    private readonly plan: GenerationPlan,
    private readonly model: string,
    private readonly fingerprint: string,
    private readonly id: string,
  ) {}

  private get chat(): boolean {
    return this.request.route === 'oai-chat';
  }

  private envelope(choices: unknown[], object: string, extra: Record<string, unknown> = {}): string {
    return JSON.stringify({
      choices,
      created: this.created,
      model: this.model,
      system_fingerprint: this.fingerprint,
      object,
      id: this.id,
      ...extra,
    });
  }

  /** The chat role chunk `{"role":"assistant","content":null}` sent before the first content. */
  roleChunk(): string {
    return this.envelope(
      [{ finish_reason: null, index: 0, delta: { role: 'assistant', content: null } }],
      'chat.completion.chunk',
    );
  }

  /** A content chunk. */
  contentChunk(text: string): string {
    if (this.chat)
      return this.envelope(
        [{ finish_reason: null, index: 0, delta: { content: text } }],
        'chat.completion.chunk',
      );
    return this.envelope([{ text, index: 0, logprobs: null, finish_reason: null }], 'text_completion');
  }

  /** Final chunk(s): finish reason, timings, and usage (always for completions, with include_usage for chat). */
  finalChunks(timing: GenerationTiming): string[] {
    const tokens = this.plan.tokens.length;
    const timings = llamaCppTimings(this.request, tokens, timing);
    const finish = llamaCppFinishReason(this.plan);
    if (!this.chat) {
      return [
        this.envelope([{ text: '', index: 0, logprobs: null, finish_reason: finish }], 'text_completion', {
          usage: llamaCppUsage(this.request, tokens),
          timings,
        }),
      ];
    }
    const chunks = [
      this.envelope([{ finish_reason: finish, index: 0, delta: {} }], 'chat.completion.chunk', { timings }),
    ];
    if (this.request.includeUsage) {
      chunks.push(this.envelope([], 'chat.completion.chunk', { usage: llamaCppUsage(this.request, tokens) }));
    }
    return chunks;
  }

  /** The non-streamed answer. */
  fullResponse(timing: GenerationTiming): Record<string, unknown> {
    const tokens = this.plan.tokens.length;
    const finish = llamaCppFinishReason(this.plan);
    const choice = this.chat
      ? { finish_reason: finish, index: 0, message: { role: 'assistant', content: this.plan.text } }
      : { text: this.plan.text, index: 0, logprobs: null, finish_reason: finish };
    return {
      choices: [choice],
      created: this.created,
      model: this.model,
      system_fingerprint: this.fingerprint,
      object: this.chat ? 'chat.completion' : 'text_completion',
      usage: llamaCppUsage(this.request, tokens),
      id: this.id,
      timings: llamaCppTimings(this.request, tokens, timing),
    };
  }
}
