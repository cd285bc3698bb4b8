import { describe, expect, it } from 'vitest';
import { substitutePlaceholders } from './substitute-placeholders.js';

const values = { port: 8081, host: '127.0.0.1', model: '/models/a.gguf' };

describe('substitutePlaceholders', () => {
  it('replaces {port}, {host} and {model} wherever they appear in an argument', () => {
    expect(substitutePlaceholders('--port={port}', values)).toBe('--port=8081');
    expect(substitutePlaceholders('http://{host}:{port}/{model}', values)).toBe(
      'http://127.0.0.1:8081//models/a.gguf',
    );
  });

  it('passes every other argument through verbatim, braces included', () => {
    for (const arg of ['--chat-template', '{{ messages }}', '{"a":1}', '{PORT}', '{ port }', '']) {
      expect(substitutePlaceholders(arg, values)).toBe(arg);
    }
  });

  it('refuses {model} when the spec has no model instead of passing the literal text', () => {
    expect(() => substitutePlaceholders('-m {model}', { ...values, model: undefined })).toThrow(
      '"-m {model}" uses {model} but the launch spec has no model',
    );
  });
});
