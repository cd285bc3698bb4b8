import { decodeSseStream } from '@orch/adapter-api';
import { z } from 'zod';
import type { StreamRecord } from './stream-record.js';

/** The fields of a streamed llama-server `/completion` event that the comparison reads (specs/engines/llamacpp.md D.2). */
const completionChunkSchema = z.looseObject({
  content: z.string(),
  tokens: z.array(z.number().int()).optional(),
  stop: z.boolean(),
  stop_type: z.string().optional(),
  tokens_predicted: z.number().int().optional(),
});

/** Sampling settings of a raw `/completion` request. */
export interface RawCompletionRequest {
  prompt: string;
  n_predict: number;
  seed: number;
  temperature: number;
}

/**
 * Streams one `/completion` straight from a llama-server (no adapter, no orchestrator) with the prompt cache
 * off, and records every chunk's text and token ids (`tokens`, sent in each streamed chunk) and the stop type.
 */
export async function recordLlamaCppCompletion(
  baseUrl: string,
  request: RawCompletionRequest,
): Promise<StreamRecord> {
  const response = await fetch(`${baseUrl}/completion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...request, stream: true, cache_prompt: false }),
  });
  if (!response.ok || response.body === null) {
    throw new Error(`llama-server answered HTTP ${response.status}: ${await response.text()}`);
  }
  const record: StreamRecord = { stamp: {}, tokens: [], tokenIds: [], finish: 'none', finishRaw: '' };
  for await (const message of decodeSseStream(response.body)) {
    let json: unknown;
    try {
      json = JSON.parse(message.data);
    } catch {
      throw new Error(`llama-server sent an event that is not JSON: ${message.data.slice(0, 120)}`);
    }
    const parsed = completionChunkSchema.safeParse(json);
    if (!parsed.success) throw new Error(`unexpected /completion event: ${message.data.slice(0, 200)}`);
    const chunk = parsed.data;
    if (chunk.content.length > 0) record.tokens.push(chunk.content);
    record.tokenIds?.push(...(chunk.tokens ?? []));
    if (chunk.stop) {
      record.finish = 'stop';
      record.finishRaw = chunk.stop_type ?? 'none';
      if (chunk.tokens_predicted !== undefined) record.tokensOut = chunk.tokens_predicted;
    }
  }
  return record;
}
