import { describe, expect, it } from 'vitest';
import { mapTgiFinishReason } from './map-tgi-finish-reason.js';

describe('mapTgiFinishReason (OC-ADAPT-5040)', () => {
  it.each([
    ['eos_token', 'stop'],
    ['stop_sequence', 'stop'],
    ['length', 'length'],
    ['something_newer', 'other'],
    [undefined, 'other'],
  ] as const)('maps finish_reason %s to %s', (raw, reason) => {
    expect(mapTgiFinishReason(raw)).toBe(reason);
  });
});
