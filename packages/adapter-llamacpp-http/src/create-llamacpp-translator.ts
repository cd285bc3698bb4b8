import type {
  EngineClient,
  EngineStreamEnd,
  EngineStreamMetrics,
  EngineStreamStep,
  EngineStreamTranslator,
} from '@orch/adapter-utils';
import { mapEngineHttpError } from '@orch/adapter-utils';
import type { LlamaCppStreamChunk } from './llamacpp-api-types.js';
import { mapLlamaCppFinishReason } from './map-llamacpp-finish-reason.js';
import { parseLlamaCppStreamEvent } from './parse-llamacpp-stream-event.js';

function endStep(chunk: LlamaCppStreamChunk): EngineStreamStep {
  const stopType = chunk.stop_type ?? 'none';
  const end: EngineStreamEnd = {
    finish_reason: mapLlamaCppFinishReason(stopType),
    finish_reason_raw: stopType,
  };
  const tokensIn = chunk.tokens_evaluated ?? chunk.timings?.prompt_n;
  const tokensOut = chunk.tokens_predicted ?? chunk.timings?.predicted_n;
  if (tokensIn !== undefined && tokensIn >= 0) end.tokens_in = tokensIn;
  if (tokensOut !== undefined && tokensOut >= 0) end.tokens_out = tokensOut;
  if (chunk.timings?.predicted_ms !== undefined) end.decode_ms = chunk.timings.predicted_ms;
  return { type: 'end', end };
}

/**
 * Translates llama.cpp `/completion` stream events (specs/engines/llamacpp.md D.1, D.2): non-empty `content` → text (empty content,
 * sent while a stop string is partly matched or a UTF-8 character is incomplete, is only liveness); a
 * `metrics` step whenever `metricsEvery` more tokens were predicted; `stop: true` → the end; an
 * `{"error":…}` event (sent for failures after the first result, specs/engines/llamacpp.md D.1) → a terminal error.
 */
export function createLlamaCppTranslator(client: EngineClient, metricsEvery: number): EngineStreamTranslator {
  let reportedTokens = 0;
  return {
    translate(message) {
      const event = parseLlamaCppStreamEvent(client, message.data);
      if (event.kind === 'error') {
        const failure = {
          engine: client.engine,
          replica: client.replica,
          status: event.error.code ?? 500,
          bodyText: message.data,
          details: {
            message: event.error.message,
            ...(event.error.type === undefined ? {} : { engineCode: event.error.type }),
          },
        };
        return [
          {
            type: 'error',
            error: mapEngineHttpError(failure, { secrets: client.secrets, origin: 'stream' }),
          },
        ];
      }
      const chunk = event.chunk;
      const steps: EngineStreamStep[] = [];
      if (chunk.content.length > 0) steps.push({ type: 'text', text: chunk.content });
      if (chunk.stop) {
        steps.push(endStep(chunk));
        return steps;
      }
      const predicted = chunk.tokens_predicted;
      if (metricsEvery > 0 && predicted !== undefined && predicted - reportedTokens >= metricsEvery) {
        reportedTokens = predicted;
        const metrics: EngineStreamMetrics = { tokens_out: predicted };
        if (chunk.tokens_evaluated !== undefined) metrics.tokens_in = chunk.tokens_evaluated;
        if (chunk.timings?.predicted_ms !== undefined) metrics.decode_ms = chunk.timings.predicted_ms;
        steps.push({ type: 'metrics', metrics });
      }
      return steps;
    },
  };
}
