import { findTestCalls } from './find-test-calls.js';
import { parseFeatureFile } from './parse-feature-file.js';
import { isTestFile, listFiles, readRepoFile } from './repo-files.js';
import { findMalformedIds, findRequirementIds } from './requirement-id.js';

/** Where an executable test cites a requirement ID. */
export interface Citation {
  id: string;
  /** Repository-relative path. */
  file: string;
  line: number;
  /** `title`: a describe/it/test title; `tag`: a Gherkin tag; `name`: a feature, rule or scenario name. */
  via: 'title' | 'tag' | 'name';
}

/** Citations of one file, and the ID-like words in citing positions that break the grammar. */
export interface FileCitations {
  citations: Citation[];
  malformed: { text: string; file: string; line: number }[];
}

/** The citations of a TypeScript test file: IDs in the titles of its describe/it/test calls. */
export function citationsOfTestFile(source: string, file: string): FileCitations {
  const result: FileCitations = { citations: [], malformed: [] };
  for (const call of findTestCalls(source)) {
    if (call.title === undefined) continue;
    for (const id of findRequirementIds(call.title))
      result.citations.push({ id, file, line: call.line, via: 'title' });
    for (const text of findMalformedIds(call.title)) result.malformed.push({ text, file, line: call.line });
  }
  return result;
}

/** The citations of a Gherkin feature file: IDs among its tags and in its feature and scenario names. */
export function citationsOfFeatureFile(text: string, file: string): FileCitations {
  const result: FileCitations = { citations: [], malformed: [] };
  const { tags, names } = parseFeatureFile(text);
  for (const { tag, line } of tags) {
    for (const id of findRequirementIds(tag)) result.citations.push({ id, file, line, via: 'tag' });
    for (const malformed of findMalformedIds(tag)) result.malformed.push({ text: malformed, file, line });
  }
  for (const { name, line } of names) {
    for (const id of findRequirementIds(name)) result.citations.push({ id, file, line, via: 'name' });
    for (const malformed of findMalformedIds(name)) result.malformed.push({ text: malformed, file, line });
  }
  return result;
}

/**
 * Every citation in the repository's executable tests: `*.test.ts` files and `.feature` files, outside
 * `node_modules`, build output and `__fixtures__` (fixtures are test data, not tests).
 */
export function collectCitations(root: string): FileCitations {
  const all: FileCitations = { citations: [], malformed: [] };
  for (const file of listFiles(root, '.', { skipFolders: ['__fixtures__'] })) {
    let found: FileCitations | undefined;
    if (isTestFile(file)) found = citationsOfTestFile(readRepoFile(root, file), file);
    else if (file.endsWith('.feature')) found = citationsOfFeatureFile(readRepoFile(root, file), file);
    if (found === undefined) continue;
    all.citations.push(...found.citations);
    all.malformed.push(...found.malformed);
  }
  return all;
}
