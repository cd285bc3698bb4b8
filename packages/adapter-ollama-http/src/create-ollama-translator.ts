import type { EngineClient, EngineStreamStep, EngineStreamTranslator } from '@orch/adapter-utils';
import { mapEngineHttpError } from '@orch/adapter-utils';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';
import { type OllamaStreamLine, ollamaStreamEventSchema } from './ollama-api-types.js';

type EndStep = Extract<EngineStreamStep, { type: 'end' }>;

const NANOSECONDS_PER_MS = 1e6;

function endStep(line: OllamaStreamLine, maxTokens: number): EndStep {
  const end: EndStep['end'] = {
    finish_reason: mapOllamaFinishReason(line.done_reason, line.eval_count, maxTokens),
    finish_reason_raw: line.done_reason ?? 'none',
  };
  if (line.prompt_eval_count !== undefined) end.tokens_in = line.prompt_eval_count;
  if (line.eval_count !== undefined) end.tokens_out = line.eval_count;
  if (line.eval_duration !== undefined) end.decode_ms = line.eval_duration / NANOSECONDS_PER_MS;
  return { type: 'end', end };
}

/**
 * Translates the NDJSON lines of `/api/generate` and `/api/chat` (F): `response` or `message.content` is
 * text (Ollama's runner holds incomplete characters back, so lines carry whole characters; empty ones are only
 * liveness); the `done: true` line is the end, with `done_reason`, `prompt_eval_count` → `tokens_in`,
 * `eval_count` → `tokens_out` and `eval_duration` (ns) → `decode_ms`; an `{"error":"…"}` line is a terminal
 * `engine_error` (the stream then ends).
 */
export function createOllamaTranslator(client: EngineClient, maxTokens: number): EngineStreamTranslator {
  return {
    translate(message) {
      const event = client.parseJson(ollamaStreamEventSchema, message.data, 'stream line');
      if (event.kind === 'error') {
        const failure = {
          engine: client.engine,
          replica: client.replica,
          status: 500,
          bodyText: message.data,
          details: { message: event.message },
        };
        return [
          {
            type: 'error',
            error: mapEngineHttpError(failure, { secrets: client.secrets, origin: 'stream' }),
          },
        ];
      }
      const { line } = event;
      const steps: EngineStreamStep[] = [];
      const text = line.response ?? line.message?.content ?? '';
      if (text.length > 0) steps.push({ type: 'text', text });
      if (line.done) steps.push(endStep(line, maxTokens));
      return steps;
    },
  };
}
