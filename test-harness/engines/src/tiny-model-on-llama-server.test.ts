import { decodeSseStream } from '@orch/adapter-api';
import { buildTinyVocabulary, resolveTinyLlamaOptions } from '@orch/tiny-gguf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningLlamaServer } from './running-llama-server.js';
import { startLlamaServer } from './start-llama-server.js';

interface CompletionEvent {
  content: string;
  tokens: number[];
  stop: boolean;
  tokens_predicted: number;
}

const vocabulary = buildTinyVocabulary(resolveTinyLlamaOptions().vocabularySize);
const SEEDS = [1, 2, 3, 4, 5, 6];

/** The byte a token stands for, or undefined for a piece or special token. */
function byteOf(token: number): number | undefined {
  const byte = token - vocabulary.firstByteId;
  return byte >= 0 && byte < 256 ? byte : undefined;
}

/** True when the text holds a non-ASCII character other than U+FFFD (the mark of broken UTF-8). */
function hasAssembledCharacter(text: string): boolean {
  return Array.from(text).some(
    (character) => (character.codePointAt(0) ?? 0) > 0x7f && character !== '\ufffd',
  );
}

async function streamCompletion(server: RunningLlamaServer, seed: number): Promise<CompletionEvent[]> {
  const response = await fetch(`${server.url}/completion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'Hello', n_predict: 64, seed, stream: true }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.body) throw new Error('no body');
  const events: CompletionEvent[] = [];
  for await (const message of decodeSseStream(response.body))
    events.push(JSON.parse(message.data) as CompletionEvent);
  return events;
}

describe('the tiny model on a real llama-server', () => {
  let server: RunningLlamaServer;
  const streams = new Map<number, CompletionEvent[]>();

  beforeAll(async () => {
    server = await startLlamaServer({ seed: 0, slots: 1 });
    for (const seed of SEEDS) streams.set(seed, await streamCompletion(server, seed));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('generates varied text rather than repeating one token', () => {
    for (const events of streams.values()) {
      const tokens = events.flatMap((event) => event.tokens);
      expect(new Set(tokens).size).toBeGreaterThan(tokens.length / 3);
    }
    const texts = [...streams.values()].map((events) => events.map((event) => event.content).join(''));
    expect(new Set(texts).size).toBe(SEEDS.length);
  });

  it('assembles multi-byte characters out of byte tokens for some seeds', () => {
    const assembled = [...streams.values()].flatMap((events) =>
      events.filter((event) => {
        const byte = byteOf(event.tokens[0] ?? -1);
        return byte !== undefined && byte >= 0x80 && hasAssembledCharacter(event.content);
      }),
    );
    expect(assembled.length).toBeGreaterThan(0);
  });

  it('sends no event for a held-back partial character, so tokens_predicted skips (specs/engines/llamacpp.md D.2 UTF-8)', () => {
    // A continuation byte that completes a character arrives alone in `tokens`, although the lead byte
    // before it was generated too: the lead byte's own event was never sent. Adapters that count tokens
    // must use tokens_predicted, not the number of events.
    const skips = [...streams.values()].flatMap((events) =>
      events.slice(1, -1).filter((event, index) => {
        const previous = events[index];
        const byte = byteOf(event.tokens[0] ?? -1);
        return (
          previous !== undefined &&
          byte !== undefined &&
          byte >= 0x80 &&
          byte < 0xc0 &&
          event.tokens_predicted > previous.tokens_predicted + 1
        );
      }),
    );
    expect(skips.length).toBeGreaterThan(0);
    for (const event of skips) expect(event.content.length).toBeGreaterThan(0);
  });
});
