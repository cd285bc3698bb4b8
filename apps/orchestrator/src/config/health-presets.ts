import type { AdapterModule, EngineHealthPreset } from '@orch/adapter-api';

/** The preset of engines without one of their own: `/health` answers 200 once the engine is ready. */
export const HTTP_200_HEALTH_PRESET: EngineHealthPreset = {
  path: '/health',
  readyStatuses: [200],
  whileLoading: 'anything but 200',
};

/**
 * The health presets a `launch.health.kind` may name: every module's own (under its engine name) and
 * `http-200`.
 */
export function collectHealthPresets(modules: readonly AdapterModule[]): Map<string, EngineHealthPreset> {
  const presets = new Map<string, EngineHealthPreset>();
  for (const module of modules) {
    if (module.healthPreset !== undefined) presets.set(module.engine, module.healthPreset);
  }
  presets.set('http-200', HTTP_200_HEALTH_PRESET);
  return presets;
}
