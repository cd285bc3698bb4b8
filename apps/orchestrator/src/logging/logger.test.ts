import { REDACTED } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(secrets: readonly string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({ write: (line) => lines.push(line), secrets });
  return { logger, lines };
}

/** Awkward neighbours of secret-looking words: quotes and backslashes that JSON escapes. */
const TRICKY_VALUES = [
  'secret: "hunter2"',
  'password=\\"abc\\" and more',
  'api_key="k\\\\"',
  '{"authorization":"Bearer abc.def"}',
  'x-api-key: \\',
  'password:"',
  'secret=\\\\\\"',
  'Authorization: Bearer "quoted\\token"',
  'see https://user:pa"ss\\word@example.test/path',
  'token sk-abcdefghijkl"\\',
];

describe('the JSON-lines logger (ORCH-LOG-001, ORCH-LOG-010)', () => {
  it('keeps every line one parseable JSON object whatever quotes or backslashes sit next to a secret', () => {
    const { logger, lines } = capture(['my-known-secret']);
    for (const value of TRICKY_VALUES) {
      logger.info(value, { detail: value, nested: { body: value, list: [value] } });
      logger.warn('with a known secret', { detail: `${value} my-known-secret ${value}` });
    }
    expect(lines).toHaveLength(TRICKY_VALUES.length * 2);
    for (const line of lines) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(typeof record.msg).toBe('string');
    }
  });

  it('redacts secrets in the message, in nested fields and in errors, before serialising', () => {
    const { logger, lines } = capture(['my-known-secret']);
    logger.error('secret: "hunter2"', {
      nested: { header: 'Authorization: Bearer abc.def' },
      list: ['password=\\"p4ss\\"'],
      error: new Error('upstream said api_key=zzz9'),
      echo: 'the key my-known-secret leaked',
    });
    const line = lines[0] as string;
    for (const secret of ['hunter2', 'abc.def', 'p4ss', 'zzz9', 'my-known-secret'])
      expect(line).not.toContain(secret);
    const record = JSON.parse(line) as {
      msg: string;
      nested: { header: string };
      error: { name: string; message: string };
      echo: string;
    };
    expect(record.msg).toBe(`secret: "${REDACTED}"`);
    expect(record.nested.header).toBe(`Authorization: ${REDACTED}`);
    expect(record.error).toEqual({ name: 'Error', message: `upstream said api_key=${REDACTED}` });
    expect(record.echo).toBe(`the key ${REDACTED} leaked`);
  });

  it('redacts the whole value of a field named like a secret', () => {
    const { logger, lines } = capture();
    logger.info('request', {
      api_key: 'plain-looking',
      authorization: 'x',
      password: 1234,
      api_key_env: 'KEY',
    });
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      api_key: REDACTED,
      authorization: REDACTED,
      password: REDACTED,
      api_key_env: 'KEY',
    });
  });

  it('keeps ordinary values as they are', () => {
    const { logger, lines } = capture();
    logger.info('task ended', { tokens_out: 5, finish_reason: 'stop', path: 'C:\\models\\"a".gguf' });
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      tokens_out: 5,
      finish_reason: 'stop',
      path: 'C:\\models\\"a".gguf',
    });
  });
});
