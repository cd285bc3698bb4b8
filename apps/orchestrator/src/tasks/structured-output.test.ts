import type { StreamEvent, Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { compileResponseFormat } from './compile-response-format.js';
import { createStructuredOutputCheck, MAX_CHECKED_OUTPUT_CHARS } from './structured-output.js';

const logger = createLogger({ write: () => {} });
const task: Task = {
  task_id: 't',
  model: 'm',
  prompt: 'p',
  max_tokens: 8,
  priority: 'batch',
  response_format: { type: 'json_object' },
};
const end: StreamEvent = { type: 'end', finish_reason: 'stop', finish_reason_raw: 'eos' };

function run(check: (event: StreamEvent) => StreamEvent, texts: string[]): StreamEvent {
  for (const [i, t] of texts.entries()) check({ type: 'token', i, t });
  return check(end);
}

describe('createStructuredOutputCheck (ORCH-API-023)', () => {
  it('judges the concatenated token text, not each piece', () => {
    expect(run(createStructuredOutputCheck(task, logger), ['{"a"', ': [1', ']}'])).toMatchObject({
      structured_output: { valid: true },
    });
  });

  it('says why: empty output, a JSON value that is not an object', () => {
    expect(run(createStructuredOutputCheck(task, logger), [])).toMatchObject({
      structured_output: { valid: false, errors: ['not JSON: empty output'] },
    });
    expect(run(createStructuredOutputCheck(task, logger), ['[1, 2]'])).toMatchObject({
      structured_output: { valid: false, errors: ['/ must be a JSON object'] },
    });
  });

  it('stops keeping text past the limit and reports it unchecked', () => {
    const huge = 'x'.repeat(MAX_CHECKED_OUTPUT_CHARS);
    const result = run(createStructuredOutputCheck(task, logger), ['{', huge, '}']);
    expect(result).toMatchObject({ structured_output: { valid: false } });
    expect(JSON.stringify(result)).toContain('was not checked');
  });

  it('passes events through untouched for a task without response_format', () => {
    const { response_format: _format, ...plain } = task;
    const check = createStructuredOutputCheck(plain, logger);
    expect(run(check, ['not json'])).toBe(end);
  });
});

describe('compileResponseFormat (ORCH-API-020)', () => {
  it('reuses the compiled validator of an identical schema', () => {
    const schema = { type: 'object', required: ['x'] };
    const first = compileResponseFormat({ type: 'json_schema', schema });
    expect(compileResponseFormat({ type: 'json_schema', schema: { ...schema } })).toBe(first);
    expect(first({})).toEqual(["/ must have required property 'x'"]);
  });
});
