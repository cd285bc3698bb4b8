import { describe, expect, it } from 'vitest';
import { createChatCompletionCollector } from './chat-completion-collector.js';

const context = { taskId: 't3', model: 'm', created: 1, includeUsage: false };

describe('the non-streamed answer collector (ORCH-OAI-002a)', () => {
  it('answers the whole text with usage after end', () => {
    const collector = createChatCompletionCollector(context);
    collector.accept({ type: 'token', i: 0, t: 'a' });
    collector.accept({ type: 'token', i: 1, t: 'b' });
    collector.accept({
      type: 'end',
      finish_reason: 'length',
      finish_reason_raw: 'limit',
      tokens_in: 4,
      tokens_out: 2,
    });
    const answer = collector.result();
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'ab' }, finish_reason: 'length' }],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
    });
  });

  it('answers a failure after tokens with the error envelope and its status, not the partial text', () => {
    const collector = createChatCompletionCollector(context);
    collector.accept({ type: 'token', i: 0, t: 'partial' });
    collector.accept({
      type: 'error',
      code: 'engine_error',
      message: 'boom',
      retriable: true,
      tokens_delivered: 1,
    });
    const answer = collector.result();
    expect(answer.status).toBe(502);
    expect(JSON.stringify(answer.body)).not.toContain('partial');
    expect(answer.body).toMatchObject({ error: { code: 'engine_error', type: 'server_error' } });
    expect(answer.headers['x-should-retry']).toBeUndefined();
  });

  it('answers stream_truncated when the events stop without a terminal one', () => {
    const collector = createChatCompletionCollector(context);
    collector.accept({ type: 'token', i: 0, t: 'a' });
    expect(collector.result()).toMatchObject({ status: 502, body: { error: { code: 'stream_truncated' } } });
  });

  it('says x-should-retry: false for a failure the orchestrator already retried before any token', () => {
    const collector = createChatCompletionCollector({ ...context, isRetriedByOrchestrator: () => true });
    collector.accept({ type: 'error', code: 'engine_unavailable', message: 'down', retriable: true });
    const answer = collector.result();
    expect(answer.status).toBe(503);
    expect(answer.headers['x-should-retry']).toBe('false');
  });
});
