import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The features folder of this package. */
export const FEATURES_DIR = fileURLToPath(new URL('../../features', import.meta.url));

/** A scenario of a feature file, as far as the table agreement needs it. */
export interface FaultScenario {
  /** `file:line` of the scenario line. */
  where: string;
  name: string;
  /** Its tags and its feature's, without `@`. */
  tags: string[];
  /** Step texts without the keyword. */
  steps: string[];
}

const STEP = /^\s*(?:Given|When|Then|And|But|\*)\s+(.*)$/;

/**
 * Reads the scenarios of Gherkin text: tags (with the feature's), name and steps. Enough Gherkin for the
 * suite's own features (no outlines, rules or backgrounds, which the suite does not use).
 */
export function parseFeatureScenarios(text: string, file: string): FaultScenario[] {
  const scenarios: FaultScenario[] = [];
  let pendingTags: string[] = [];
  let featureTags: string[] = [];
  let current: FaultScenario | undefined;
  text.split(/\r\n|\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) return;
    if (trimmed.startsWith('@')) {
      pendingTags.push(...trimmed.split(/\s+/).map((tag) => tag.slice(1)));
      return;
    }
    if (trimmed.startsWith('Feature:')) {
      featureTags = pendingTags;
      pendingTags = [];
      return;
    }
    if (/^(Scenario|Example|Scenario Outline|Rule|Background):/.test(trimmed)) {
      if (!/^(Scenario|Example):/.test(trimmed)) {
        throw new Error(`${file}:${index + 1}: the fault features use plain scenarios only`);
      }
      current = {
        where: `${file}:${index + 1}`,
        name: trimmed.replace(/^(Scenario|Example):\s*/, ''),
        tags: [...featureTags, ...pendingTags],
        steps: [],
      };
      pendingTags = [];
      scenarios.push(current);
      return;
    }
    const step = STEP.exec(line);
    if (step !== null && current !== undefined) current.steps.push((step[1] as string).trim());
  });
  return scenarios;
}

/** Every scenario of the package's features folder. */
export function readFaultScenarios(dir = FEATURES_DIR): FaultScenario[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.feature'))
    .sort()
    .flatMap((name) => parseFeatureScenarios(readFileSync(join(dir, name), 'utf8'), `features/${name}`));
}
