import { describe, expect, it } from 'vitest';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';

describe('mapOpenAiFinishReason (OC-ADAPT-6011)', () => {
  it.each([
    ['stop', null, 'stop', 'stop'],
    ['length', null, 'length', 'length'],
    ['content_filter', null, 'content_filter', 'content_filter'],
    ['tool_calls', null, 'other', 'tool_calls'],
    ['function_call', null, 'other', 'function_call'],
    ['abort', null, 'cancelled', 'abort'],
    ['stop', '</s>', 'stop', 'stop:</s>'],
  ] as const)('maps finish_reason %s (stop_reason %s) to %s, raw %s', (finish, stop, normalised, raw) => {
    expect(mapOpenAiFinishReason(finish, stop)).toEqual({
      finish_reason: normalised,
      finish_reason_raw: raw,
    });
  });
});
