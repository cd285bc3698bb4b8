/**
 * The cucumber `worldParameters` of a conformance run (JSON, so that `cucumber-js --world-parameters` can
 * set them too).
 */
export interface ConformanceParameters {
  /** A built-in profile name (`mock`, `llamacpp`) or a path to a profile module. */
  profile: string;
  /** Base URL of an already running engine; absent: the profile starts its own. */
  url?: string;
  /** Golden folder that overrides the session's. */
  goldenDir?: string;
  /** Write golden files from this run instead of comparing with them. */
  updateGolden?: boolean;
  /** Folder that relative profile paths are resolved against. Default: the process's working directory. */
  cwd?: string;
}

/** Reads the world parameters, with a clear message when the profile is missing. */
export function readConformanceParameters(parameters: unknown): ConformanceParameters {
  const value = (parameters ?? {}) as Partial<Record<keyof ConformanceParameters, unknown>>;
  const profile = typeof value.profile === 'string' && value.profile.length > 0 ? value.profile : 'mock';
  const result: ConformanceParameters = { profile, updateGolden: value.updateGolden === true };
  if (typeof value.url === 'string' && value.url.length > 0) result.url = value.url;
  if (typeof value.goldenDir === 'string' && value.goldenDir.length > 0) result.goldenDir = value.goldenDir;
  if (typeof value.cwd === 'string' && value.cwd.length > 0) result.cwd = value.cwd;
  return result;
}
