import type { AdapterLogger } from '@orch/adapter-api';
import type { EngineClient, EngineStreamStep, EngineStreamTranslator } from '@orch/adapter-utils';
import { createStopStringFilter } from '@orch/adapter-utils';
import { mapTritonStreamError } from './classify-triton-failure.js';
import { createTritonTextDecoder, type TritonTextMode } from './create-triton-text-decoder.js';
import { mapTritonFinishReason } from './map-triton-finish-reason.js';
import { tritonStreamEventSchema } from './triton-api-types.js';

/** What a translator needs to know about its task. */
export interface TritonTranslatorOptions {
  /** How `text_output` values relate (see `TritonTextMode`). */
  textMode: TritonTextMode;
  /** The task's stop strings (TensorRT-LLM leaves the matched one in the text). */
  stop: readonly string[];
  /** The task's `max_tokens`, to tell a length end from an end-of-sequence. */
  maxTokens: number;
  /** For the warning about dropped U+FFFD. */
  logger: AdapterLogger;
  /** For the warning's fields. */
  taskId: string;
}

/**
 * Translates `generate_stream` responses (specs/engines/triton.md C.1, C.2, specs/engines/cross-engine.md E.5):
 * - each response's `text_output` goes through the text decoder (delta or accumulated) and the stop filter;
 * - `{"error":"…"}` is a terminal `engine_error`;
 * - the end of the body after at least one response is the normal end (Triton sends no `[DONE]` and no finish
 *   reason): see `mapTritonFinishReason`. An end before any response is left to the runner
 *   (`stream_truncated`).
 */
export function createTritonTranslator(
  client: EngineClient,
  options: TritonTranslatorOptions,
): EngineStreamTranslator {
  const decoder = createTritonTextDecoder(options.textMode, client.engine);
  const filter = createStopStringFilter(options.stop);
  let responses = 0;
  let finalSeen = false;
  const deliver = (text: string): EngineStreamStep[] => (text.length > 0 ? [{ type: 'text', text }] : []);
  return {
    translate(message) {
      const event = client.parseJson(tritonStreamEventSchema, message.data, 'generate_stream response');
      if (event.kind === 'error') {
        return [{ type: 'error', error: mapTritonStreamError(client, event.message, message.data) }];
      }
      const { response } = event;
      if (response.is_final === true || response.is_final === 1) finalSeen = true;
      const textOutput = Array.isArray(response.text_output) ? response.text_output[0] : response.text_output;
      if (textOutput === undefined) return [];
      responses += 1;
      return deliver(filter.push(decoder.push(textOutput)));
    },
    finish() {
      if (responses === 0) return [];
      if (decoder.droppedReplacements > 0) {
        options.logger.warn('Triton sent U+FFFD for split characters in delta text mode: they were dropped', {
          task_id: options.taskId,
          replacements: decoder.droppedReplacements,
        });
      }
      const steps = deliver(filter.flush());
      const finish = mapTritonFinishReason({
        stopMatched: filter.matched !== undefined,
        responses,
        maxTokens: options.maxTokens,
        finalSeen,
      });
      steps.push({ type: 'end', end: { ...finish, tokens_out: responses } });
      return steps;
    },
  };
}
