import type { StreamEvent } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { textOf, tokenEventsOf, tokensOf } from './token-events.js';

const events: StreamEvent[] = [
  { type: 'token', i: 0, t: 'Hel' },
  { type: 'metrics', tokens_out: 1 },
  { type: 'token', i: 1, t: 'lo ' },
  { type: 'token', i: 2, t: 'wörld 🙂' },
  { type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos' },
];

describe('token helpers', () => {
  it('pick the token events, their texts and the joined text, skipping other events', () => {
    expect(tokenEventsOf(events)).toEqual([
      { type: 'token', i: 0, t: 'Hel' },
      { type: 'token', i: 1, t: 'lo ' },
      { type: 'token', i: 2, t: 'wörld 🙂' },
    ]);
    expect(tokensOf(events)).toEqual(['Hel', 'lo ', 'wörld 🙂']);
    expect(textOf(events)).toBe('Hello wörld 🙂');
  });

  it('give nothing for a stream without tokens', () => {
    const noTokens = events.filter((event) => event.type !== 'token');
    expect(tokenEventsOf(noTokens)).toEqual([]);
    expect(textOf(noTokens)).toBe('');
  });
});
