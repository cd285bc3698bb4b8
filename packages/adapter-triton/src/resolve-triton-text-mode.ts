import type { AdapterLogger } from '@orch/adapter-api';
import type { TritonTextMode } from './create-triton-text-decoder.js';
import type { TritonModelConfig } from './triton-api-types.js';

/** The `textMode` setting: a mode, or `auto` (default) from the model's `/config` (specs/engines/triton.md C.8). */
export type TritonTextModeSetting = 'auto' | TritonTextMode;

/** Values the BLS model reads as true for `accumulate_tokens` (it lower-cases the string first). */
const TRUE_STRINGS = new Set(['true', 'yes', '1', 't']);

/**
 * The text mode a model configuration implies (specs/engines/triton.md C.8): a model whose `accumulate_tokens`
 * parameter is true (`tensorrt_llm_bls`) streams the whole text so far; anything else (the stock `ensemble`, whose
 * postprocessing decodes each step's tokens alone, or a BLS model without the parameter) streams per-step text.
 */
export function findTritonTextMode(config: TritonModelConfig): TritonTextMode {
  const value = config.parameters?.accumulate_tokens?.string_value;
  return value !== undefined && TRUE_STRINGS.has(value.trim().toLowerCase()) ? 'accumulated' : 'delta';
}

/**
 * Resolves the text mode once per adapter. A configured mode is used as it is (the override); with `auto` the
 * model's `/config` decides. A config that cannot be read gives `delta`, the stock ensemble's behaviour, with a
 * warning naming the override, and is asked again by the next task.
 */
export function createTextModeResolver(settings: {
  setting: TritonTextModeSetting;
  readConfig: (signal?: AbortSignal) => Promise<TritonModelConfig>;
  logger: AdapterLogger;
  model: string;
}) {
  let resolved: Promise<TritonTextMode> | undefined;
  /** The mode of the last resolution, for the translators made right after `open`. */
  let current: TritonTextMode = settings.setting === 'auto' ? 'delta' : settings.setting;
  const resolve = (signal?: AbortSignal): Promise<TritonTextMode> => {
    if (settings.setting !== 'auto') return Promise.resolve(settings.setting);
    if (resolved === undefined) {
      const reading = settings.readConfig(signal).then(
        (config) => {
          current = findTritonTextMode(config);
          settings.logger.debug?.('Triton text mode detected from the model config', {
            model: settings.model,
            text_mode: current,
          });
          return current;
        },
        (error: unknown) => {
          settings.logger.warn(
            'Triton model config unreadable: streaming text is taken as per-step (set textMode to override)',
            { model: settings.model, error: error instanceof Error ? error.message : String(error) },
          );
          if (resolved === reading) resolved = undefined;
          current = 'delta';
          return current;
        },
      );
      resolved = reading;
    }
    return resolved;
  };
  return {
    resolve,
    get current(): TritonTextMode {
      return current;
    },
  };
}
