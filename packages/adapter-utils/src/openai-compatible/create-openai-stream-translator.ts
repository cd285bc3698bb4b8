import type { EndEvent } from '@orch/adapter-api';
import type { EngineClient } from '../engine-client.js';
import { mapEngineHttpError } from '../map-engine-http-error.js';
import type { EngineStreamStep, EngineStreamTranslator } from '../run-engine-stream.js';
import { formatOpenAiFinishReasonRaw, mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import type { OpenAiRoute, OpenAiTimings, OpenAiUsage } from './openai-chunk-schemas.js';
import { type OpenAiErrorDetails, toEngineErrorDetails } from './openai-error-body.js';
import { parseOpenAiStreamMessage } from './parse-openai-stream-message.js';

/** Options of {@link createOpenAiStreamTranslator}. */
export interface OpenAiStreamTranslatorOptions {
  /** The adapter's client: engine name, replica and secrets for errors and payload validation. */
  client: EngineClient;
  /** The route the stream comes from, which decides where the text is (`text` or `delta.content`). */
  route: OpenAiRoute;
  /** Called with each chunk's non-empty `system_fingerprint` (the build or backend that answered). */
  onSystemFingerprint?: (fingerprint: string) => void;
}

interface PendingFinish {
  finishReason: string;
  stopReason: string | number | null | undefined;
}

/** The `raw` of an end when the server sent `[DONE]` (or closed) after no `finish_reason` at all. */
export const NO_FINISH_REASON_RAW = 'none';

function streamErrorStep(client: EngineClient, error: OpenAiErrorDetails, rawData: string): EngineStreamStep {
  const failure = {
    engine: client.engine,
    replica: client.replica,
    status: error.status ?? 500,
    bodyText: rawData,
    details: toEngineErrorDetails(error),
  };
  return { type: 'error', error: mapEngineHttpError(failure, { secrets: client.secrets, origin: 'stream' }) };
}

/**
 * Translates an OpenAI-compatible stream (`/v1/completions` or `/v1/chat/completions`) into contract steps:
 * - the choice-0 delta (`text`, or `delta.content`) becomes text; empty deltas (vLLM's `text: ""` while a UTF-8
 *   character is incomplete, specs/engines/vllm.md A.2/specs/engines/cross-engine.md E.5; the chat role chunk, specs/engines/vllm.md A.3) give no token;
 * - `finish_reason` is held until the stream ends, because the usage chunk (`choices: []`, specs/engines/vllm.md A.4) follows it:
 *   `[DONE]` (or EOF after the finish chunk: llama-server's OAI routes need no tolerance here, but proxies
 *   drop the sentinel) gives the `end`, with `tokens_in`/`tokens_out` from `usage` and llama-server's
 *   `timings.predicted_ms` as `decode_ms`; EOF before any finish chunk is left to the runner (truncation);
 * - an error event (nested or flat, specs/engines/vllm.md A.1, specs/engines/cross-engine.md E.3) is a terminal `error` whose code follows the status it carries
 *   (500 when it has none); `finish_reason: "error"` on a chunk is the same failure without a body.
 */
export function createOpenAiStreamTranslator(options: OpenAiStreamTranslatorOptions): EngineStreamTranslator {
  const { client, route } = options;
  let finish: PendingFinish | undefined;
  let usage: OpenAiUsage | undefined;
  let timings: OpenAiTimings | undefined;

  const endStep = (): EngineStreamStep => {
    const end: Omit<EndEvent, 'type'> =
      finish === undefined
        ? { finish_reason: 'other', finish_reason_raw: NO_FINISH_REASON_RAW }
        : {
            finish_reason: mapOpenAiFinishReason(finish.finishReason),
            finish_reason_raw: formatOpenAiFinishReasonRaw(finish.finishReason, finish.stopReason),
          };
    if (typeof usage?.prompt_tokens === 'number') end.tokens_in = usage.prompt_tokens;
    if (typeof usage?.completion_tokens === 'number') end.tokens_out = usage.completion_tokens;
    if (typeof timings?.predicted_ms === 'number' && timings.predicted_ms >= 0) {
      end.decode_ms = timings.predicted_ms;
    }
    return { type: 'end', end };
  };

  return {
    translate(message) {
      const parsed = parseOpenAiStreamMessage(client, message.data, route);
      if (parsed.kind === 'done') return [endStep()];
      if (parsed.kind === 'error') return [streamErrorStep(client, parsed.error, message.data)];
      const { chunk } = parsed;
      if (chunk.system_fingerprint !== null && chunk.system_fingerprint.length > 0) {
        options.onSystemFingerprint?.(chunk.system_fingerprint);
      }
      if (chunk.usage !== null) usage = chunk.usage;
      if (chunk.timings !== null) timings = chunk.timings;
      const steps: EngineStreamStep[] = [];
      for (const choice of chunk.choices) {
        // One sequence per request (n = 1): other choices would be other answers, never this one's text.
        if (choice.index !== 0) continue;
        if (choice.text.length > 0) steps.push({ type: 'text', text: choice.text });
        if (choice.finish_reason === 'error') {
          const error = { message: 'the engine ended the choice with finish_reason "error"', status: 500 };
          steps.push(streamErrorStep(client, error, message.data));
          return steps;
        }
        if (choice.finish_reason !== null) {
          finish = { finishReason: choice.finish_reason, stopReason: choice.stop_reason };
        }
      }
      return steps;
    },
    finish() {
      return finish === undefined ? [] : [endStep()];
    },
  };
}
