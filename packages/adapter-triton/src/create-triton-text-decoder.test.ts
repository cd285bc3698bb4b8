import { isTaskError } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { createTritonTextDecoder } from './create-triton-text-decoder.js';

describe('createTritonTextDecoder (specs/engines/cross-engine.md E.5)', () => {
  it('accumulated: emits what each text_output adds to the previous one', () => {
    const decoder = createTritonTextDecoder('accumulated');
    expect([' Hello', ' Hello world', ' Hello world!'].map((text) => decoder.push(text))).toEqual([
      ' Hello',
      ' world',
      '!',
    ]);
  });

  it('accumulated: holds a trailing U+FFFD back and emits the whole character once it is complete', () => {
    const decoder = createTritonTextDecoder('accumulated');
    expect(['a', 'a\uFFFD', 'a\uFFFD\uFFFD', 'a日', 'a日b'].map((text) => decoder.push(text))).toEqual([
      'a',
      '',
      '',
      '日',
      'b',
    ]);
  });

  it('accumulated: a shorter final text retracts nothing', () => {
    const decoder = createTritonTextDecoder('accumulated');
    decoder.push('one two STOP');
    expect(decoder.push('one two')).toBe('');
  });

  it('accumulated: a text that does not extend the previous one is an engine_protocol_error', () => {
    const decoder = createTritonTextDecoder('accumulated');
    decoder.push(' Hello');
    let thrown: unknown;
    try {
      decoder.push(' world');
    } catch (error) {
      thrown = error;
    }
    expect(isTaskError(thrown) && thrown.code).toBe('engine_protocol_error');
  });

  it('delta: passes text through and drops every U+FFFD, counting them', () => {
    const decoder = createTritonTextDecoder('delta');
    expect(['Hello', '\uFFFD', '\uFFFD\uFFFD', 'world'].map((text) => decoder.push(text))).toEqual([
      'Hello',
      '',
      '',
      'world',
    ]);
    expect(decoder.droppedReplacements).toBe(3);
  });
});
