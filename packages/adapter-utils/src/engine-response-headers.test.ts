import { describe, expect, it } from 'vitest';
import { wrapIncomingHeaders } from './engine-response-headers.js';

describe('wrapIncomingHeaders', () => {
  it('reads headers by any case, joins repeated ones and reports missing ones as null', () => {
    const headers = wrapIncomingHeaders({ server: 'llama.cpp', 'set-cookie': ['a=1', 'b=2'] });
    expect(headers.get('Server')).toBe('llama.cpp');
    expect(headers.get('set-cookie')).toBe('a=1, b=2');
    expect(headers.get('retry-after')).toBeNull();
  });
});
