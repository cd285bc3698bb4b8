import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { collectCitations } from './collect-citations.js';
import { computeSpecCoverage, type SpecCoverage } from './compute-spec-coverage.js';
import { parseIdList, parseSpecMarkdown, type SpecFileContents } from './parse-spec-markdown.js';
import { listFiles, readRepoFile } from './repo-files.js';

/** Where the allow-list of uncovered requirement IDs lives. */
export const ALLOW_LIST_PATH = 'specs/uncovered.txt';

/** Reads every `specs/*.md` file (not subfolders) and merges what they define and mention. */
export function readSpecs(root: string): SpecFileContents {
  const merged: SpecFileContents = { definitions: [], mentions: [], malformed: [] };
  for (const file of listFiles(root, 'specs').filter((path) => /^specs\/[^/]+\.md$/.test(path))) {
    const contents = parseSpecMarkdown(readRepoFile(root, file), file);
    merged.definitions.push(...contents.definitions);
    merged.mentions.push(...contents.mentions);
    merged.malformed.push(...contents.malformed);
  }
  return merged;
}

/** Reads the specs, the tests and the allow-list of a repository and computes the spec coverage. */
export function loadSpecCoverage(root: string): SpecCoverage {
  const allowListText = existsSync(join(root, ALLOW_LIST_PATH)) ? readRepoFile(root, ALLOW_LIST_PATH) : '';
  return computeSpecCoverage({
    specs: readSpecs(root),
    tests: collectCitations(root),
    allowList: parseIdList(allowListText),
  });
}
