import { describe, expect, it } from 'vitest';
import { mapTritonFinishReason } from './map-triton-finish-reason.js';

const ending = { stopMatched: false, responses: 3, maxTokens: 8, finalSeen: false };

describe('mapTritonFinishReason (OC-ADAPT-5060)', () => {
  it('reads a stream that ended before max_tokens as an end-of-sequence stop, raw eof', () => {
    expect(mapTritonFinishReason(ending)).toEqual({ finish_reason: 'stop', finish_reason_raw: 'eof' });
  });

  it('keeps is_final as the raw reason when the engine sent it', () => {
    expect(mapTritonFinishReason({ ...ending, finalSeen: true })).toEqual({
      finish_reason: 'stop',
      finish_reason_raw: 'is_final',
    });
  });

  it('reads max_tokens responses as length', () => {
    expect(mapTritonFinishReason({ ...ending, responses: 8 })).toEqual({
      finish_reason: 'length',
      finish_reason_raw: 'max_tokens',
    });
  });

  it('gives a matched stop string precedence', () => {
    expect(mapTritonFinishReason({ ...ending, responses: 8, stopMatched: true })).toEqual({
      finish_reason: 'stop',
      finish_reason_raw: 'stop_words',
    });
  });
});
