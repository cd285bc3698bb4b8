import { describe, expect, it } from 'vitest';
import { mapLlamaCppFinishReason } from './map-llamacpp-finish-reason.js';

describe('mapLlamaCppFinishReason', () => {
  it.each([
    ['eos', 'stop'],
    ['word', 'stop'],
    ['limit', 'length'],
    ['none', 'other'],
    ['something_newer', 'other'],
    [undefined, 'other'],
  ] as const)('maps stop_type %s to %s', (stopType, reason) => {
    expect(mapLlamaCppFinishReason(stopType)).toBe(reason);
  });
});
