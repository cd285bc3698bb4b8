import { describe, expect, it } from 'vitest';
import { convertChatCompletionsRequest } from './convert-chat-completions-request.js';
import { convertCompletionsRequest } from './convert-completions-request.js';
import { convertResponsesRequest } from './convert-responses-request.js';
import { OpenAiRequestError } from './openai-request-error.js';

const base = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
const convert = (body: Record<string, unknown>) => convertChatCompletionsRequest(JSON.stringify(body));

/** The param named by a refusal of `run`. */
function refusedParam(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof OpenAiRequestError) return error.param;
    throw error;
  }
  return undefined;
}

describe('converting OpenAI-compatible bodies to native task requests (ORCH-OAI-001, ORCH-OAI-001a)', () => {
  it('maps chat fields, developer turns, text parts and json_schema to the native request', () => {
    const converted = convert({
      ...base,
      messages: [
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi ' },
            { type: 'text', text: 'there' },
          ],
        },
      ],
      max_completion_tokens: 7,
      temperature: 0.5,
      seed: 3,
      stop: null,
      stream: true,
      stream_options: { include_usage: true },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
      },
      user: 'alice',
      priority: 'batch',
    });
    expect(converted.task).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi there' },
      ],
      max_tokens: 7,
      temperature: 0.5,
      seed: 3,
      priority: 'batch',
      response_format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } },
    });
    expect(converted.task.stop).toBeUndefined();
    expect(converted).toMatchObject({ stream: true, includeUsage: true, clientUser: 'alice' });
  });

  it('accepts the harmless values stock clients send (n: 1, tools: [], logprobs: false)', () => {
    expect(convert({ ...base, n: 1, tools: [], logprobs: false, frequency_penalty: 0 }).task.model).toBe('m');
  });

  it('refuses what it cannot honour, naming the field', () => {
    expect(refusedParam(() => convert({ ...base, n: 2 }))).toBe('n');
    expect(refusedParam(() => convert({ ...base, logprobs: true }))).toBe('logprobs');
    expect(refusedParam(() => convert({ ...base, tools: [{ type: 'function' }] }))).toBe('tools');
    expect(
      refusedParam(() => convert({ ...base, messages: [{ role: 'tool', content: 'x', tool_call_id: 'c' }] })),
    ).toBe('messages[0].tool_call_id');
    expect(
      refusedParam(() =>
        convert({ ...base, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }),
      ),
    ).toBe('messages[0].content[0].type');
    expect(refusedParam(() => convert({ ...base, max_tokenz: 3 }))).toBe('max_tokenz');
  });

  it('refuses with the native rules, naming the client field', () => {
    expect(refusedParam(() => convert({ ...base, temperature: 6 }))).toBe('temperature');
    expect(refusedParam(() => convert({ ...base, max_completion_tokens: 0 }))).toBe('max_completion_tokens');
    expect(refusedParam(() => convert({ ...base, task_id: 'has space' }))).toBe('task_id');
    expect(
      refusedParam(() =>
        convert({
          ...base,
          response_format: { type: 'json_schema', json_schema: { name: 'bad name', schema: {} } },
        }),
      ),
    ).toBe('response_format.json_schema.name');
    // A schema Ajv refuses is found by the task starter, after the client and model checks (ORCH-SEC-010):
    // test/security-structured-output.test.ts checks that its refusal names the same field.
  });

  it('takes one text prompt for completions and refuses batches', () => {
    expect(convertCompletionsRequest(JSON.stringify({ model: 'm', prompt: ['Once'] })).task.prompt).toBe(
      'Once',
    );
    expect(
      refusedParam(() => convertCompletionsRequest(JSON.stringify({ model: 'm', prompt: ['a', 'b'] }))),
    ).toBe('prompt');
    expect(
      refusedParam(() => convertCompletionsRequest(JSON.stringify({ model: 'm', prompt: 'a', echo: true }))),
    ).toBe('echo');
  });

  it('reads Responses input as turns after instructions, and refuses stored state by name', () => {
    const converted = convertResponsesRequest(
      JSON.stringify({
        model: 'm',
        instructions: 'Be brief.',
        input: 'Hi',
        max_output_tokens: 5,
        store: false,
      }),
    );
    expect(converted.task).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 5,
    });
    const responses = (body: Record<string, unknown>) => () =>
      convertResponsesRequest(JSON.stringify({ model: 'm', input: 'Hi', ...body }));
    expect(refusedParam(responses({ previous_response_id: 'resp_1' }))).toBe('previous_response_id');
    expect(refusedParam(responses({ store: true }))).toBe('store');
    expect(refusedParam(responses({ max_output_tokens: -1 }))).toBe('max_output_tokens');
    expect(refusedParam(responses({ input: [{ type: 'function_call_output', output: 'x' }] }))).toBe(
      'input[0].type',
    );
  });
});
