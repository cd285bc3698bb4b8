import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConformanceProfile } from './conformance-profile.js';

/**
 * The profiles that ship with the suite, loaded lazily so that one adapter's missing engine never breaks
 * another's run.
 */
export const BUILT_IN_PROFILES: Readonly<Record<string, () => Promise<ConformanceProfile>>> = {
  mock: async () => (await import('./mock.js')).mockProfile,
  llamacpp: async () => (await import('./llamacpp.js')).llamacppProfile,
  tgi: async () => (await import('./tgi.js')).tgiProfile,
  triton: async () => (await import('./triton.js')).tritonProfile,
  ollama: async () => (await import('./ollama.js')).ollamaProfile,
  vllm: async () => (await import('./vllm.js')).vllmProfile,
  openai: async () => (await import('./openai.js')).openaiProfile,
  'vllm-llamacpp': async () => (await import('./vllm-llamacpp.js')).vllmLlamacppProfile,
  'openai-vllm-fake': async () => (await import('./openai-vllm-fake.js')).openaiVllmFakeProfile,
};

/** Names of {@link BUILT_IN_PROFILES}, in run order for `--all`. */
export const BUILT_IN_PROFILE_NAMES = Object.keys(BUILT_IN_PROFILES);

/** True when `name` looks like a path to a profile module rather than a built-in name. */
export function isProfilePath(name: string): boolean {
  return /[\\/]/.test(name) || /\.[cm]?[jt]s$/.test(name);
}

/**
 * Loads a built-in profile by name, or a profile module by path (its default export, or an export named
 * `profile`).
 */
export async function loadProfile(nameOrPath: string, cwd = process.cwd()): Promise<ConformanceProfile> {
  const builtIn = BUILT_IN_PROFILES[nameOrPath];
  if (builtIn !== undefined) return builtIn();
  if (!isProfilePath(nameOrPath)) {
    throw new Error(
      `Unknown adapter profile "${nameOrPath}". Built-in profiles: ${BUILT_IN_PROFILE_NAMES.join(', ')}; or pass a path to a profile module.`,
    );
  }
  const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
  const module = (await import(pathToFileURL(path).href)) as { default?: unknown; profile?: unknown };
  const candidate = module.default ?? module.profile;
  if (!isConformanceProfile(candidate)) {
    throw new Error(
      `${path} does not export a conformance profile (default export or "profile" with name and open()).`,
    );
  }
  return candidate;
}

function isConformanceProfile(value: unknown): value is ConformanceProfile {
  if (typeof value !== 'object' || value === null) return false;
  const profile = value as Partial<ConformanceProfile>;
  return typeof profile.name === 'string' && typeof profile.open === 'function';
}
