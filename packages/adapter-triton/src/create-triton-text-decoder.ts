import { TaskError } from '@orch/adapter-api';

/**
 * How the model's `text_output` relates across responses:
 * - `accumulated`: every response holds the whole text so far (`tensorrt_llm_bls` with `accumulate_tokens`,
 *   or a postprocessing model that decodes all tokens so far). The adapter emits the difference. This is
 *   the mode that gets spaces and multi-byte characters right (specs/engines/cross-engine.md E.5).
 * - `delta`: every response holds the text of its own step (the default ensemble's per-token
 *   postprocessing). Known TensorRT-LLM problems (specs/engines/cross-engine.md E.5) then reach the text: SentencePiece leading spaces are
 *   lost (tensorrtllm_backend#112) and split characters come as U+FFFD per byte (#192, #606). The adapter
 *   cannot restore either; it drops the U+FFFD and warns.
 */
export type TritonTextMode = 'delta' | 'accumulated';

/** Turns successive `text_output` values into the text to deliver. */
export interface TritonTextDecoder {
  /** The next response's `text_output`; returns the new text (maybe ""). Throws a TaskError on a mismatch. */
  push(textOutput: string): string;
  /** U+FFFD characters dropped so far (split characters that per-token decoding could not decode). */
  readonly droppedReplacements: number;
}

const REPLACEMENT = '\uFFFD';
const TRAILING_REPLACEMENTS = /\uFFFD+$/;

/**
 * Accumulated mode: a trailing U+FFFD is an incomplete character (its remaining bytes are not generated yet),
 * so it is held back and the character is taken whole from a later response. Only text that is stable
 * (everything before a trailing run of U+FFFD) is emitted, so the emitted text is always a prefix of the next
 * text_output; a response that does not extend it means the model does not accumulate, which fails the
 * stream with a message naming the setting, rather than delivering garbled text.
 */
function createAccumulatedDecoder(engine: string): TritonTextDecoder {
  let emitted = '';
  return {
    push(textOutput) {
      const stable = textOutput.replace(TRAILING_REPLACEMENTS, '');
      // A shorter text (a final response with the stop words cut) retracts nothing already delivered.
      if (emitted.startsWith(stable)) return '';
      if (!stable.startsWith(emitted)) {
        throw new TaskError(
          'engine_protocol_error',
          `${engine} sent a text_output that does not extend the text so far: the model does not accumulate ` +
            `tokens (textMode "accumulated" needs tensorrt_llm_bls with accumulate_tokens); use textMode "delta"`,
          { context: { engine, body: textOutput.slice(0, 200) } },
        );
      }
      const added = stable.slice(emitted.length);
      emitted = stable;
      return added;
    },
    droppedReplacements: 0,
  };
}

/** Delta mode: each response is new text; U+FFFD from a per-token decode of a split character is dropped. */
function createDeltaDecoder(): TritonTextDecoder {
  let dropped = 0;
  return {
    push(textOutput) {
      if (!textOutput.includes(REPLACEMENT)) return textOutput;
      const kept = textOutput.split(REPLACEMENT);
      dropped += kept.length - 1;
      return kept.join('');
    },
    get droppedReplacements() {
      return dropped;
    },
  };
}

/** A decoder for one stream in the given mode. */
export function createTritonTextDecoder(mode: TritonTextMode, engine = 'triton'): TritonTextDecoder {
  return mode === 'accumulated' ? createAccumulatedDecoder(engine) : createDeltaDecoder();
}
