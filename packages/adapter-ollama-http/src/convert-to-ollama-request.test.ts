import { deriveSeed, isTaskError, type Task } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { convertToOllamaRequest } from './convert-to-ollama-request.js';

const task: Task = { task_id: 't', model: 'pool-name', prompt: 'p', max_tokens: 3, priority: 'batch' };
const settings = { ollamaModel: 'llama3.2:1b' };

describe('convertToOllamaRequest', () => {
  it('sends a prompt raw to /api/generate with the replica model tag, num_predict, a seed and every sampler profile option (ORCH-DET-021)', () => {
    expect(convertToOllamaRequest(task, settings)).toEqual({
      request: {
        path: '/api/generate',
        body: {
          model: 'llama3.2:1b',
          stream: true,
          options: {
            seed: deriveSeed('t'),
            num_predict: 3,
            temperature: 1,
            top_k: 0,
            top_p: 1,
            min_p: 0,
            typical_p: 1,
            repeat_penalty: 1,
            repeat_last_n: 0,
            presence_penalty: 0,
            frequency_penalty: 0,
            mirostat: 0,
          },
          prompt: 'p',
          raw: true,
        },
      },
      droppedFields: [],
    });
  });

  it('sends messages to /api/chat, where Ollama applies the model template', () => {
    const { prompt: _prompt, ...rest } = task;
    const { request } = convertToOllamaRequest(
      { ...rest, messages: [{ role: 'user', content: 'Hi' }] },
      settings,
    );
    expect(request.path).toBe('/api/chat');
    expect(request.body).toMatchObject({ messages: [{ role: 'user', content: 'Hi' }] });
    expect(request.body).not.toHaveProperty('raw');
  });

  it('passes every sampling option as it is, greedy temperature 0 and top_k 0 included (ORCH-DET-022)', () => {
    const { request } = convertToOllamaRequest(
      { ...task, seed: 9, temperature: 0, top_k: 0, top_p: 1, min_p: 0.1, stop: ['a'] },
      { ...settings, numCtx: 2048, keepAlive: -1 },
    );
    expect(request.body.options).toEqual({
      seed: 9,
      num_predict: 3,
      temperature: 0,
      top_k: 0,
      top_p: 1,
      min_p: 0.1,
      typical_p: 1,
      repeat_penalty: 1,
      repeat_last_n: 0,
      presence_penalty: 0,
      frequency_penalty: 0,
      mirostat: 0,
      stop: ['a'],
      num_ctx: 2048,
    });
    expect(request.body.keep_alive).toBe(-1);
  });

  it('maps response_format to format: the schema, or "json" (ORCH-API-022)', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const withSchema = convertToOllamaRequest(
      { ...task, response_format: { type: 'json_schema', schema } },
      settings,
    );
    expect(withSchema.request.body.format).toBe(schema);
    expect(withSchema.droppedFields).toEqual([]);
    const jsonObject = convertToOllamaRequest(
      { ...task, response_format: { type: 'json_object' } },
      settings,
    );
    expect(jsonObject.request.body.format).toBe('json');
    expect(convertToOllamaRequest(task, settings).request.body).not.toHaveProperty('format');
  });

  it('lists fields it cannot send, and refuses a task with neither prompt nor messages', () => {
    expect(convertToOllamaRequest(Object.assign({ logprobs: 2 }, task), settings).droppedFields).toEqual([
      'logprobs',
    ]);
    const { prompt: _prompt, ...empty } = task;
    let thrown: unknown;
    try {
      convertToOllamaRequest(empty, settings);
    } catch (error) {
      thrown = error;
    }
    expect(isTaskError(thrown) && thrown.code).toBe('invalid_request');
  });
});
