/** Prefix of the log line that explains why a scenario was skipped; the runner lists these after the run. */
export const SKIPPED_BY_PROFILE = 'skipped by profile';
