import type { ConformanceProfile } from '../profiles/conformance-profile.js';
import type { ConformanceSession } from '../profiles/conformance-session.js';

/** The profile and session of the run in progress; cucumber runs one at a time per process. */
export interface ActiveRun {
  profile: ConformanceProfile;
  session: ConformanceSession;
  /** Unsupported scenarios (tag or name → reason), the profile's and the session's together. */
  unsupported: Record<string, string>;
  /** Where golden files are read (and written with `updateGolden`). */
  goldenDir?: string;
  updateGolden: boolean;
}

let active: ActiveRun | undefined;

/** Sets the run in progress (from `BeforeAll`). */
export function setActiveRun(run: ActiveRun | undefined): void {
  active = run;
}

/** The run in progress; throws when `BeforeAll` did not open one (e.g. the profile failed to start). */
export function getActiveRun(): ActiveRun {
  if (active === undefined) throw new Error('No conformance session is open: the profile failed to start.');
  return active;
}

/** The run in progress, if any. */
export function findActiveRun(): ActiveRun | undefined {
  return active;
}
