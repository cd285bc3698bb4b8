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

describe('an OpenAI-compatible finish reason, normalised with its raw value (OC-ADAPT-6011)', () => {
  it.each([
    // OpenAI-compatible servers (OpenAI, LM Studio, llama-server's /v1 routes).
    ['stop', null, 'stop', 'stop'],
    ['length', null, 'length', 'length'],
    ['content_filter', null, 'content_filter', 'content_filter'],
    ['tool_calls', null, 'other', 'tool_calls'],
    ['function_call', null, 'other', 'function_call'],
    // vLLM, which names the stop string or token in `stop_reason`.
    ['stop', '</s>', 'stop', 'stop:</s>'],
    ['stop', 128009, 'stop', 'stop:128009'],
    ['abort', null, 'cancelled', 'abort'],
    ['something_newer', undefined, 'other', 'something_newer'],
  ] as const)('maps finish_reason %s (stop_reason %s) to %s, raw %s', (finish, stop, normalised, raw) => {
    expect({
      finish_reason: mapOpenAiFinishReason(finish),
      finish_reason_raw: formatOpenAiFinishReasonRaw(finish, stop),
    }).toEqual({ finish_reason: normalised, finish_reason_raw: raw });
  });
});
