import type { EngineClient, EngineStreamStep, EngineStreamTranslator } from '@orch/adapter-utils';
import { createStopStringFilter } from '@orch/adapter-utils';
import { mapTgiStreamError } from './classify-tgi-failure.js';
import { mapTgiFinishReason } from './map-tgi-finish-reason.js';
import { type TgiStreamTokenEvent, tgiStreamEventSchema } from './tgi-api-types.js';

type EndStep = Extract<EngineStreamStep, { type: 'end' }>;

function endStep(event: TgiStreamTokenEvent, stopMatched: boolean): EndStep {
  const details = event.details ?? undefined;
  // Without `details` (a server that ignored `parameters.details`) TGI does not say why it stopped.
  const raw = details?.finish_reason ?? 'unknown';
  const end: EndStep['end'] = {
    finish_reason: stopMatched ? 'stop' : mapTgiFinishReason(raw),
    finish_reason_raw: raw,
    // `index` counts the stream's events from 1: the generated tokens when details are missing.
    tokens_out: details?.generated_tokens ?? event.index,
  };
  if (details?.input_length !== undefined) end.tokens_in = details.input_length;
  return { type: 'end', end };
}

/**
 * Translates `/generate_stream` events (specs/engines/tgi.md B.1, B.2):
 * - a token's `text` becomes text, except for special tokens (`</s>`, `special: true`), which are not part of
 *   `generated_text`; an empty `text` (a multi-byte character not complete yet) is only liveness;
 * - stop strings are cut out of the text (TGI sends them; the contract leaves them out);
 * - the event with `generated_text` set is the last one: `details` gives the finish reason and counts;
 * - `{"error","error_type"}` inside the 200 stream is a terminal error (see `classifyTgiFailure`).
 */
export function createTgiTranslator(client: EngineClient, stops: readonly string[]): EngineStreamTranslator {
  const filter = createStopStringFilter(stops);
  return {
    translate(message) {
      const parsed = client.parseJson(tgiStreamEventSchema, message.data, '/generate_stream event');
      if (parsed.kind === 'error') {
        return [{ type: 'error', error: mapTgiStreamError(client, parsed.error, message.data) }];
      }
      const { event } = parsed;
      const steps: EngineStreamStep[] = [];
      const text = event.token.special ? '' : filter.push(event.token.text);
      if (text.length > 0) steps.push({ type: 'text', text });
      if (event.generated_text !== null && event.generated_text !== undefined) {
        const rest = filter.flush();
        if (rest.length > 0) steps.push({ type: 'text', text: rest });
        steps.push(endStep(event, filter.matched !== undefined));
      }
      return steps;
    },
  };
}
