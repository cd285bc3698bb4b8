import { describe, expect, it } from 'vitest';
import { excerptBody, REDACTED, redactSecrets } from './redact-secrets.js';

describe('redactSecrets (OC-ADAPT-6020)', () => {
  it.each([
    ['Authorization: Bearer abc.def-123', 'abc.def-123'],
    ['{"api_key":"k-12345678"}', 'k-12345678'],
    ['x-api-key=supersecret&y=1', 'supersecret'],
    ['http://user:hunter22@engine:8000/v1', 'hunter22'],
    ['key sk-proj-abcdefghijklmnop', 'abcdefghijklmnop'],
  ])('removes the secret from %s', (text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(REDACTED);
  });

  it('removes known secret values wherever they appear', () => {
    expect(redactSecrets('echo: my-key-value here', ['my-key-value'])).toBe(`echo: ${REDACTED} here`);
  });

  it('leaves ordinary text alone and shortens long bodies', () => {
    expect(redactSecrets('model not found')).toBe('model not found');
    expect(excerptBody('x'.repeat(600), 100)).toHaveLength(101);
  });
});
