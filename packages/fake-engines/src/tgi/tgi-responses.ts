import type { GenerationPlan, PlannedToken } from '../core/generation-plan.js';
import { SPECIAL_TOKEN_TEXT } from '../core/vocabulary.js';
import type { TgiGenerationRequest } from './parse-tgi-request.js';

/** TGI's native finish reason (specs/engines/cross-engine.md E.7). */
export function tgiFinishReason(plan: GenerationPlan): string {
  if (plan.finish === 'eos') return 'eos_token';
  if (plan.finish === 'stop') return 'stop_sequence';
  return 'length';
}

/** A fake but stable log-probability for a token. */
function logprob(id: number): number {
  return -Math.round((0.05 + (id % 97) / 50) * 10_000) / 10_000;
}

/** The `Token` object: `text` is "" while a character is incomplete; specials show their spelling (specs/engines/tgi.md B.1). */
export function tgiToken(token: PlannedToken): Record<string, unknown> {
  return {
    id: token.id,
    text: token.special ? (SPECIAL_TOKEN_TEXT[token.id] ?? '') : token.text,
    logprob: logprob(token.id),
    special: token.special,
  };
}

/** `generated_text`, with the prompt in front when `return_full_text` is set. */
export function tgiGeneratedText(request: TgiGenerationRequest, plan: GenerationPlan): string {
  return request.returnFullText ? request.inputs + plan.text : plan.text;
}

/** Payload of stream event `index` (0-based token): `index` counts from 1; the last one carries the result. */
export function tgiStreamEvent(request: TgiGenerationRequest, plan: GenerationPlan, index: number): string {
  const token = plan.tokens[index] as PlannedToken;
  const last = index === plan.tokens.length - 1;
  const details =
    last && request.details
      ? {
          finish_reason: tgiFinishReason(plan),
          generated_tokens: plan.tokens.length,
          seed: request.reportedSeed,
          input_length: request.inputTokens,
        }
      : null;
  return JSON.stringify({
    index: index + 1,
    token: tgiToken(token),
    generated_text: last ? tgiGeneratedText(request, plan) : null,
    details,
  });
}

/** The `/generate` answer; `details` only when asked for (specs/engines/tgi.md B.1). */
export function tgiGenerateResponse(
  request: TgiGenerationRequest,
  plan: GenerationPlan,
): Record<string, unknown> {
  const response: Record<string, unknown> = { generated_text: tgiGeneratedText(request, plan) };
  if (request.details) {
    response.details = {
      finish_reason: tgiFinishReason(plan),
      generated_tokens: plan.tokens.length,
      seed: request.reportedSeed,
      prefill: [],
      tokens: plan.tokens.map((token) => tgiToken(token)),
    };
  }
  return response;
}
