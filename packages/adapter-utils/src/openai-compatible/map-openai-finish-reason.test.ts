import { describe, expect, it } from 'vitest';
import { formatOpenAiFinishReasonRaw, mapOpenAiFinishReason } from './map-openai-finish-reason.js';

describe('mapOpenAiFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['eos_token', 'stop'],
    ['stop_sequence', 'stop'],
    ['length', 'length'],
    ['abort', 'cancelled'],
    ['content_filter', 'content_filter'],
    ['tool_calls', 'other'],
    ['function_call', 'other'],
    ['something_newer', 'other'],
  ] as const)('maps finish_reason %s to %s', (raw, normalised) => {
    expect(mapOpenAiFinishReason(raw)).toBe(normalised);
  });
});

describe('formatOpenAiFinishReasonRaw', () => {
  it('keeps the finish_reason alone when there is no stop_reason (EOS, or servers without it)', () => {
    expect(formatOpenAiFinishReasonRaw('stop', null)).toBe('stop');
    expect(formatOpenAiFinishReasonRaw('length', undefined)).toBe('length');
  });

  it("appends vLLM's stop_reason: the matched stop string or token id", () => {
    expect(formatOpenAiFinishReasonRaw('stop', '</s>')).toBe('stop:</s>');
    expect(formatOpenAiFinishReasonRaw('stop', ' light')).toBe('stop: light');
    expect(formatOpenAiFinishReasonRaw('stop', 128009)).toBe('stop:128009');
  });
});
