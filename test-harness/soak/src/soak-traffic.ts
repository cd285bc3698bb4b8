import { readTaskStream, type StreamEvent } from '@orch/adapter-api';

/** The kinds of client behaviour the soak mixes. */
export const TRAFFIC_KINDS = [
  'native',
  'native_deadline',
  'native_cancel',
  'native_disconnect',
  'openai_chat_stream',
  'openai_chat',
  'openai_completion_stream',
  'openai_disconnect',
] as const;

export type TrafficKind = (typeof TRAFFIC_KINDS)[number];

/** What one soak request saw. */
export interface TrafficOutcome {
  kind: TrafficKind;
  /** `stream` when a 200 stream was read to its end; `envelope` for a JSON answer; `left` when the client left. */
  shape: 'stream' | 'envelope' | 'left';
  /** For a stream read to its end: it ended with its terminal event (`end`/`error`, or OpenAI's `[DONE]`). */
  terminal: boolean;
  /** The terminal code or finish reason, for the report (`reset` when the connection broke). */
  ending: string;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function post(url: string, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

/** Sends one request of `kind` to one of `models` and reads the answer the way that kind of client does. */
export async function sendSoakRequest(
  url: string,
  models: readonly string[],
  kind: TrafficKind,
): Promise<TrafficOutcome> {
  const model = pick(models);
  const maxTokens = 4 + Math.floor(Math.random() * 40);
  const controller = new AbortController();
  try {
    switch (kind) {
      case 'native':
      case 'native_deadline':
      case 'native_cancel':
      case 'native_disconnect': {
        const body: Record<string, unknown> = { model, prompt: 'Tell me a story', max_tokens: maxTokens };
        if (kind === 'native_deadline') body.deadline_ms = 50 + Math.floor(Math.random() * 400);
        const response = await post(url, '/v1/tasks', body, controller.signal);
        if (response.status !== 200) return envelope(kind, response);
        return await readNativeStream(url, kind, response, controller);
      }
      case 'openai_chat':
      case 'openai_chat_stream':
      case 'openai_disconnect':
      case 'openai_completion_stream': {
        const completion = kind === 'openai_completion_stream';
        const stream = kind !== 'openai_chat';
        const body = completion
          ? { model, prompt: 'Once upon a time', max_tokens: maxTokens, stream }
          : { model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: maxTokens, stream };
        const response = await post(
          url,
          completion ? '/v1/completions' : '/v1/chat/completions',
          body,
          controller.signal,
        );
        if (response.status !== 200 || !stream) return envelope(kind, response);
        if (kind === 'openai_disconnect') {
          await response.body?.getReader().read();
          controller.abort();
          return { kind, shape: 'left', terminal: false, ending: 'left' };
        }
        const text = await response.text();
        const done = text.endsWith('data: [DONE]\n\n');
        return { kind, shape: 'stream', terminal: done, ending: text.includes('"error"') ? 'error' : 'done' };
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return { kind, shape: 'left', terminal: false, ending: 'left' };
    // The connection broke under a stream the client was reading: a stream without its terminal event.
    return { kind, shape: 'stream', terminal: false, ending: `reset: ${(error as Error).message}` };
  }
}

async function envelope(kind: TrafficKind, response: Response): Promise<TrafficOutcome> {
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
  return { kind, shape: 'envelope', terminal: true, ending: body?.error?.code ?? String(response.status) };
}

async function readNativeStream(
  url: string,
  kind: TrafficKind,
  response: Response,
  controller: AbortController,
): Promise<TrafficOutcome> {
  let last: StreamEvent | undefined;
  let cancelSent = false;
  let taskId = '';
  for await (const event of readTaskStream(response.body as ReadableStream<Uint8Array>)) {
    last = event;
    if (event.type === 'started') taskId = event.task_id;
    if (event.type !== 'token') continue;
    if (kind === 'native_disconnect') {
      controller.abort();
      return { kind, shape: 'left', terminal: false, ending: 'left' };
    }
    if (kind === 'native_cancel' && !cancelSent) {
      cancelSent = true;
      void fetch(`${url}/v1/tasks/${taskId}/cancel`, { method: 'POST' }).catch(() => {});
    }
  }
  const terminal = last?.type === 'end' || last?.type === 'error';
  const ending = last?.type === 'end' ? last.finish_reason : last?.type === 'error' ? last.code : 'none';
  return { kind, shape: 'stream', terminal, ending };
}
