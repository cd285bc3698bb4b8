import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSseStream } from '@orch/adapter-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlamaServerStartError } from './llama-server-start-error.js';
import type { RunningLlamaServer } from './running-llama-server.js';
import { startLlamaServer } from './start-llama-server.js';

interface CompletionBody {
  content: string;
  tokens?: number[];
  stop: boolean;
  stop_type?: string;
  tokens_predicted?: number;
}

async function postJson(server: RunningLlamaServer, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

async function complete(server: RunningLlamaServer, body: Record<string, unknown>): Promise<CompletionBody> {
  const response = await postJson(server, '/completion', body);
  expect(response.status).toBe(200);
  return (await response.json()) as CompletionBody;
}

/** Streams `/completion` and returns every parsed `data:` event (the native route sends no [DONE], specs/engines/llamacpp.md D.1). */
async function streamCompletion(
  server: RunningLlamaServer,
  body: Record<string, unknown>,
): Promise<CompletionBody[]> {
  const response = await postJson(server, '/completion', { ...body, stream: true });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  if (!response.body) throw new Error('no body');
  const events: CompletionBody[] = [];
  for await (const message of decodeSseStream(response.body))
    events.push(JSON.parse(message.data) as CompletionBody);
  return events;
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('startLlamaServer', () => {
  let server: RunningLlamaServer;

  beforeAll(async () => {
    server = await startLlamaServer({ seed: 11, slots: 2 });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers /health with status ok once it resolves (OC-ADAPT-5001)', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('reports build_info and the configured total_slots in /props (OC-ADAPT-5001)', async () => {
    const response = await fetch(`${server.url}/props`);
    const props = (await response.json()) as {
      build_info?: unknown;
      total_slots?: unknown;
      chat_template?: unknown;
    };
    expect(props.build_info).toMatch(/^b\d+-\S+$/);
    expect(props.total_slots).toBe(2);
    expect(props.chat_template).toContain('<|im_start|>');
  });

  it('reports the version of the binary it runs and the digest of the model (OC-ADAPT-5011)', () => {
    expect(server.version).toMatch(/^version: \S+ \(build \d+/);
    expect(server.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(server.modelPath).toContain(server.modelSha256?.slice(0, 16));
  });

  it('serves Prometheus metrics because it runs with --metrics (OC-ADAPT-5001a)', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('llamacpp:prompt_tokens_total');
  });

  it('streams the same content, byte for byte, as a non-streamed completion with the same seed (OC-ADAPT-5010)', async () => {
    const request = { prompt: 'Hello world', n_predict: 48, seed: 1234 };
    const whole = await complete(server, request);
    const events = await streamCompletion(server, request);
    const last = events.at(-1);
    expect(last?.stop).toBe(true);
    expect(events.slice(0, -1).every((event) => event.stop === false)).toBe(true);
    const streamed = events.map((event) => event.content).join('');
    expect(Buffer.from(streamed, 'utf8').equals(Buffer.from(whole.content, 'utf8'))).toBe(true);
    expect(whole.content.length).toBeGreaterThan(0);
  });

  it('gives identical completions for the same seed and different ones for another seed (OC-ADAPT-5010)', async () => {
    const request = { prompt: 'The model', n_predict: 40 };
    const first = await complete(server, { ...request, seed: 77 });
    const second = await complete(server, { ...request, seed: 77 });
    const other = await complete(server, { ...request, seed: 78 });
    expect(second.content).toBe(first.content);
    expect(other.content).not.toBe(first.content);
  });

  it('renders the tiny model chat template on the OpenAI-compatible chat route', async () => {
    const response = await postJson(server, '/v1/chat/completions', {
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 8,
      seed: 5,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      choices: { message: { content: string }; finish_reason: string }[];
    };
    expect(typeof body.choices[0]?.message.content).toBe('string');
    expect(['length', 'stop']).toContain(body.choices[0]?.finish_reason);
  });
});

describe('startLlamaServer lifecycle', () => {
  it('leaves no process behind after stop()', async () => {
    const server = await startLlamaServer({ seed: 2, slots: 1 });
    expect(isGone(server.pid)).toBe(false);
    await server.stop();
    expect(isGone(server.pid)).toBe(true);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    await server.stop();
  });

  it('kill() ends the whole process group at once, like a crash', async () => {
    const server = await startLlamaServer({ seed: 2, slots: 1 });
    server.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isGone(server.pid)).toBe(true);
  });

  it('listens on a port it is given', async () => {
    const probe = await startLlamaServer({ seed: 2, slots: 1 });
    const port = probe.port;
    await probe.stop();
    const server = await startLlamaServer({ seed: 2, slots: 1, port });
    try {
      expect(server.port).toBe(port);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('rejects with the tail of the engine log when the model cannot be loaded', async () => {
    const badModel = join(tmpdir(), `not-a-model-${process.pid}.gguf`);
    await writeFile(badModel, 'this is not a GGUF file');
    const failure = await startLlamaServer({ modelPath: badModel, startupTimeoutMs: 20_000 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(LlamaServerStartError);
    const error = failure as LlamaServerStartError;
    expect(error.message).toContain('exited during startup');
    expect(error.message).toContain('--- llama-server log (tail) ---');
    expect(error.logTail).toContain(badModel);
  });
});
