import { describe, expect, it } from 'vitest';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';

describe('mapOllamaFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['load', 'other'],
    ['unload', 'other'],
    ['something_newer', 'other'],
  ] as const)('maps done_reason %s to %s', (raw, reason) => {
    expect(mapOllamaFinishReason(raw, 3, 8)).toBe(reason);
  });

  it('reads an old Ollama without done_reason from eval_count', () => {
    expect(mapOllamaFinishReason(undefined, 8, 8)).toBe('length');
    expect(mapOllamaFinishReason(undefined, 3, 8)).toBe('stop');
    expect(mapOllamaFinishReason(undefined, undefined, 8)).toBe('stop');
  });
});
