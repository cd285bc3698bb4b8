import { isTaskError } from '@orch/adapter-api';
import { describe, expect, it } from 'vitest';
import { createEngineClient } from '../engine-client.js';
import type { EngineStreamStep } from '../run-engine-stream.js';
import { createOpenAiStreamTranslator } from './create-openai-stream-translator.js';

const API_KEY = 'sk-translator-secret-0123456789';
const client = createEngineClient({ engine: 'vllm', baseUrl: 'http://127.0.0.1:1', apiKey: API_KEY });

const completionChunk = (text: string, finish: string | null = null, stop: string | number | null = null) =>
  JSON.stringify({
    id: 'cmpl-1',
    object: 'text_completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, text, logprobs: null, finish_reason: finish, stop_reason: stop, token_ids: null }],
  });

const chatChunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });

const usageChunk = JSON.stringify({
  id: 'cmpl-1',
  object: 'text_completion',
  choices: [],
  usage: { prompt_tokens: 5, total_tokens: 9, completion_tokens: 4 },
});

function play(route: 'completion' | 'chat', messages: string[], onFingerprint?: (value: string) => void) {
  const translator = createOpenAiStreamTranslator({
    client,
    route,
    ...(onFingerprint === undefined ? {} : { onSystemFingerprint: onFingerprint }),
  });
  const steps: EngineStreamStep[] = [];
  for (const data of messages) steps.push(...translator.translate({ data }));
  return { steps, finish: () => translator.finish?.() ?? [] };
}

describe('createOpenAiStreamTranslator (OC-ADAPT-6001, OC-ADAPT-6011)', () => {
  it('turns completion deltas into text and holds the finish until [DONE], taking usage from the usage chunk', () => {
    const { steps } = play('completion', [
      completionChunk(' Hello'),
      completionChunk(' world'),
      completionChunk('!', 'length'),
      usageChunk,
      '[DONE]',
    ]);
    expect(steps).toEqual([
      { type: 'text', text: ' Hello' },
      { type: 'text', text: ' world' },
      { type: 'text', text: '!' },
      {
        type: 'end',
        end: { finish_reason: 'length', finish_reason_raw: 'length', tokens_in: 5, tokens_out: 4 },
      },
    ]);
  });

  it("keeps vLLM's stop_reason in finish_reason_raw", () => {
    const { steps } = play('completion', [
      completionChunk(' a'),
      completionChunk('', 'stop', '</s>'),
      '[DONE]',
    ]);
    expect(steps.at(-1)).toEqual({
      type: 'end',
      end: { finish_reason: 'stop', finish_reason_raw: 'stop:</s>' },
    });
  });

  it('gives empty-text chunks and the chat role chunk no text step', () => {
    const { steps } = play('chat', [
      chatChunk({ role: 'assistant', content: '' }),
      chatChunk({ content: 'é' }),
      chatChunk({ content: '' }),
      chatChunk({ content: null }),
      chatChunk({}, 'stop'),
      '[DONE]',
    ]);
    expect(steps).toEqual([
      { type: 'text', text: 'é' },
      { type: 'end', end: { finish_reason: 'stop', finish_reason_raw: 'stop' } },
    ]);
  });

  it('tolerates "usage": null on every chunk, as older vLLM releases sent (specs/engines/vllm.md A.1)', () => {
    const withNullUsage = JSON.stringify({ ...JSON.parse(completionChunk('x', 'stop')), usage: null });
    const { steps } = play('completion', [withNullUsage, '[DONE]']);
    expect(steps.at(-1)).toEqual({ type: 'end', end: { finish_reason: 'stop', finish_reason_raw: 'stop' } });
  });

  it("takes llama-server's timings.predicted_ms as decode_ms and reports the system_fingerprint", () => {
    const fingerprints: string[] = [];
    const final = JSON.stringify({
      ...JSON.parse(completionChunk('', 'length')),
      system_fingerprint: 'b11669-Debian',
      usage: { completion_tokens: 8, prompt_tokens: 2, total_tokens: 10 },
      timings: { prompt_n: 2, prompt_ms: 0.4, predicted_n: 8, predicted_ms: 1.012 },
    });
    const { steps } = play('completion', [final, '[DONE]'], (value) => fingerprints.push(value));
    expect(steps.at(-1)).toEqual({
      type: 'end',
      end: {
        finish_reason: 'length',
        finish_reason_raw: 'length',
        tokens_in: 2,
        tokens_out: 8,
        decode_ms: 1.012,
      },
    });
    expect(fingerprints).toEqual(['b11669-Debian']);
  });

  it('turns an in-stream error event into a terminal error with the status it carries (specs/engines/vllm.md A.1)', () => {
    const { steps } = play('completion', [
      completionChunk(' a'),
      '{"error":{"message":"Internal server error","type":"InternalServerError","param":null,"code":500}}',
    ]);
    const last = steps.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error.code).toBe('engine_error');
    expect(last.error.message).toBe(
      'vllm sent an error event mid-stream (status 500): Internal server error',
    );
    expect(last.error.context).toMatchObject({
      engine: 'vllm',
      status: 500,
      engine_code: 'InternalServerError',
    });
  });

  it('reads a flat error event and maps a 400 status to engine_rejected', () => {
    const { steps } = play('completion', [
      '{"object":"error","message":"bad sampling","type":"BadRequestError","param":"top_p","code":400}',
    ]);
    expect(steps[0]?.type === 'error' ? steps[0].error.code : undefined).toBe('engine_rejected');
  });

  it('redacts the API key from an error event that echoes it', () => {
    const { steps } = play('chat', [
      JSON.stringify({ error: { message: `bad key Bearer ${API_KEY}`, type: 'auth', code: 401 } }),
    ]);
    const step = steps[0];
    expect(step?.type).toBe('error');
    if (step?.type !== 'error') return;
    expect(JSON.stringify({ message: step.error.message, context: step.error.context })).not.toContain(
      API_KEY,
    );
  });

  it('treats finish_reason "error" as an engine failure', () => {
    const { steps } = play('completion', [completionChunk('x', 'error')]);
    expect(steps.map((step) => step.type)).toEqual(['text', 'error']);
  });

  it('ends normally at EOF after the finish chunk, and leaves EOF before it to the runner (truncation)', () => {
    expect(play('completion', [completionChunk('x', 'length'), usageChunk]).finish()).toEqual([
      {
        type: 'end',
        end: { finish_reason: 'length', finish_reason_raw: 'length', tokens_in: 5, tokens_out: 4 },
      },
    ]);
    expect(play('completion', [completionChunk('x')]).finish()).toEqual([]);
  });

  it('ends with finish_reason other when [DONE] comes without any finish_reason', () => {
    const { steps } = play('completion', [completionChunk('x'), '[DONE]']);
    expect(steps.at(-1)).toEqual({ type: 'end', end: { finish_reason: 'other', finish_reason_raw: 'none' } });
  });

  it('ignores choices other than index 0', () => {
    const two = JSON.stringify({
      choices: [
        { index: 1, text: 'other answer', finish_reason: null },
        { index: 0, text: 'mine', finish_reason: null },
      ],
    });
    expect(play('completion', [two]).steps).toEqual([{ type: 'text', text: 'mine' }]);
  });

  it('refuses a chunk of the wrong shape with engine_protocol_error', () => {
    let thrown: unknown;
    try {
      play('completion', ['{"choices":"nope"}']);
    } catch (error) {
      thrown = error;
    }
    expect(isTaskError(thrown) && thrown.code).toBe('engine_protocol_error');
    expect(() => play('chat', ['not json'])).toThrow(/not JSON/);
  });
});
