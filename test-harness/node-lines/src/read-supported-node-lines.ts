import semver from 'semver';

/** One Node.js release line that the project supports and tests. */
export interface SupportedNodeLine {
  /** The major version, e.g. `24`. */
  major: number;
  /** The lowest release of the line that the `engines` range admits, e.g. `22.12.0`. */
  lowest: string;
}

/**
 * Reads the supported lines from an `engines.node` range written as one part per line
 * (`^20.19.0 || ^22.12.0 || ^24.0.0`), lowest line first.
 */
export function readSupportedNodeLines(enginesRange: string): SupportedNodeLine[] {
  const range = new semver.Range(enginesRange);
  const lines = range.set.map((comparators) => {
    const part = new semver.Range(comparators.map((comparator) => comparator.value).join(' '));
    const lowest = semver.minVersion(part);
    if (lowest === null) throw new Error(`engines.node part "${part.raw}" admits no version`);
    const major = lowest.major;
    if (semver.satisfies(`${major + 1}.0.0`, part)) {
      throw new Error(`engines.node part "${part.raw}" is open-ended: write one ^ range per supported line`);
    }
    return { major, lowest: lowest.version };
  });
  return lines.sort((a, b) => a.major - b.major);
}
