import { describe, expect, it } from 'vitest';
import { mapVllmFinishReason } from './map-vllm-finish-reason.js';

describe('mapVllmFinishReason (OC-ADAPT-6011)', () => {
  it.each([
    ['stop', null, 'stop', 'stop'],
    ['stop', '</s>', 'stop', 'stop:</s>'],
    ['stop', 128009, 'stop', 'stop:128009'],
    ['length', null, 'length', 'length'],
    ['abort', null, 'cancelled', 'abort'],
    ['tool_calls', null, 'other', 'tool_calls'],
    ['something_newer', undefined, 'other', 'something_newer'],
  ] as const)('maps finish_reason %s (stop_reason %s) to %s, raw %s', (finish, stop, normalised, raw) => {
    expect(mapVllmFinishReason(finish, stop)).toEqual({ finish_reason: normalised, finish_reason_raw: raw });
  });
});
