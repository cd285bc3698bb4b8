import type { AdapterLogger } from '@orch/adapter-api';
import type { TritonSeedInputs } from './convert-to-triton-request.js';
import type { TritonModelConfig, TritonSeedInputName } from './triton-api-types.js';

/**
 * Which ensemble input carries the seed (specs/engines/triton.md C.2, specs/engines/cross-engine.md E.6): `random_seed` up to TensorRT-LLM 0.19, `seed` after;
 * `auto` reads the model's `/config` input names.
 */
export type TritonSeedInputSetting = 'auto' | TritonSeedInputName;

const BOTH: TritonSeedInputs = ['seed', 'random_seed'];

/** The seed input names a model configuration declares, in order of preference. */
export function findSeedInputs(config: TritonModelConfig): TritonSeedInputs {
  const names = new Set((config.input ?? []).map((input) => input.name));
  return (['seed', 'random_seed'] as const).filter((name) => names.has(name));
}

/**
 * Resolves the seed input names once per adapter. With `auto`: the names `/config` declares; when the config
 * cannot be read (the model-configuration extension is off, or the call failed) both names are sent, since
 * Triton passes a key that matches no input on as a request parameter, which the model ignores (specs/engines/triton.md C.1). A model
 * without any seed input gets none, with a warning: its sampling cannot be reproduced.
 */
export function createSeedInputResolver(settings: {
  setting: TritonSeedInputSetting;
  readConfig: (signal?: AbortSignal) => Promise<TritonModelConfig>;
  logger: AdapterLogger;
  model: string;
}) {
  let resolved: Promise<TritonSeedInputs> | undefined;
  return function resolveSeedInputs(signal?: AbortSignal): Promise<TritonSeedInputs> {
    if (settings.setting !== 'auto') return Promise.resolve([settings.setting]);
    if (resolved === undefined) {
      const reading = settings.readConfig(signal).then(
        (config) => {
          const found = findSeedInputs(config);
          if (found.length === 0) {
            settings.logger.warn('the Triton model has no seed input: sampled answers are not reproducible', {
              model: settings.model,
            });
          }
          return found;
        },
        (error: unknown) => {
          settings.logger.warn(
            'Triton model config unreadable: the seed is sent as both seed and random_seed',
            {
              model: settings.model,
              error: error instanceof Error ? error.message : String(error),
            },
          );
          // Forget the failure so that the next task asks again.
          if (resolved === reading) resolved = undefined;
          return BOTH;
        },
      );
      resolved = reading;
    }
    return resolved;
  };
}
