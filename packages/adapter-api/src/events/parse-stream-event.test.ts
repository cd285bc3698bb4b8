import { describe, expect, it } from 'vitest';
import { parseStreamEvent } from './parse-stream-event.js';

describe('parseStreamEvent (ORCH-EVT-002)', () => {
  it('parses a valid event and keeps unknown extra fields', () => {
    const event = parseStreamEvent('{"type":"token","i":3,"t":"x","extra":true}', 'token');
    expect(event).toEqual({ type: 'token', i: 3, t: 'x', extra: true });
  });

  it.each([
    ['not JSON', '{"type":'],
    ['an unknown type', '{"type":"bogus"}'],
    ['a negative index', '{"type":"token","i":-1,"t":"x"}'],
    ['an error code outside the taxonomy', '{"type":"error","code":"oops","message":"m","retriable":false}'],
  ])('refuses %s with engine_protocol_error', (_name, data) => {
    expect(() => parseStreamEvent(data)).toThrowError(
      expect.objectContaining({ code: 'engine_protocol_error' }),
    );
  });

  it('refuses an SSE event name that disagrees with the type', () => {
    expect(() => parseStreamEvent('{"type":"token","i":0,"t":"x"}', 'end')).toThrow(/does not match/);
  });
});
