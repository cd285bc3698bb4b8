import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import {
  ENGINE_SPECS_DIR,
  type EngineSpecCitation,
  findEngineSpecCitations,
  findEngineSpecSections,
} from './find-engine-spec-citations.js';
import { listFiles, readRepoFile } from './repo-files.js';

/**
 * Names of protocol documents that live outside the repository. Built from pieces so that this file does not
 * mention them itself.
 */
export const FOREIGN_REFERENCES: readonly string[] = [
  ['PROTOCOLS', 'md'].join('.'),
  ['..', 'shared'].join('/'),
  ['', 'work', 'shared'].join('/'),
];

/** Files whose text may cite the engine pages: source, scripts, docs, features and configuration. */
const CITING_FILE = /\.(?:[cm]?[jt]sx?|md|feature|sh|ya?ml)$/;

/** The sections of the engine pages: which IDs each page defines and which page owns each letter. */
interface EngineSpecIndex {
  sectionsByPage: Map<string, Set<string>>;
  pageByLetter: Map<string, string>;
  letterByPage: Map<string, string>;
}

function indexEngineSpecs(root: string, problems: string[]): EngineSpecIndex {
  const index: EngineSpecIndex = {
    sectionsByPage: new Map(),
    pageByLetter: new Map(),
    letterByPage: new Map(),
  };
  for (const file of listFiles(root, ENGINE_SPECS_DIR).filter((path) => path.endsWith('.md'))) {
    const page = file.slice(ENGINE_SPECS_DIR.length + 1);
    const sections = findEngineSpecSections(readRepoFile(root, file));
    const ids = new Set<string>();
    index.sectionsByPage.set(page, ids);
    // A page's letter is that of its first section, so that a bare ID resolves to one page.
    const letter = sections[0]?.id.slice(0, 1);
    for (const { id, line } of sections) {
      if (ids.has(id)) problems.push(`${file}:${line} defines ${id} twice`);
      if (!id.startsWith(`${letter}.`)) {
        problems.push(`${file}:${line} defines ${id} on the page of letter ${letter}: a page has one letter`);
      }
      ids.add(id);
    }
    if (letter === undefined) continue;
    index.letterByPage.set(page, letter);
    const owner = index.pageByLetter.get(letter);
    if (owner === undefined) index.pageByLetter.set(letter, page);
    else problems.push(`${file} uses the letter ${letter} of ${owner}: each page has its own letter`);
  }
  return index;
}

function checkCitation(
  file: string,
  citation: EngineSpecCitation,
  index: EngineSpecIndex,
  problems: string[],
): void {
  const where = `${file}:${citation.line}`;
  const ownPage = file.startsWith(`${ENGINE_SPECS_DIR}/`)
    ? file.slice(ENGINE_SPECS_DIR.length + 1)
    : undefined;
  if (citation.page === undefined && ownPage === undefined) {
    problems.push(
      `${where} cites "${citation.text}" without its page: write ${ENGINE_SPECS_DIR}/<page>.md before the ID`,
    );
    return;
  }
  for (const id of citation.ids) {
    const letter = id.slice(0, 1);
    const ownLetter = ownPage === undefined ? undefined : index.letterByPage.get(ownPage);
    const page = citation.page ?? (letter === ownLetter ? ownPage : index.pageByLetter.get(letter));
    const sections = page === undefined ? undefined : index.sectionsByPage.get(page);
    if (sections?.has(id) === true) continue;
    problems.push(
      `${where} cites ${page ?? 'a page'} ${id}, but no heading of ${ENGINE_SPECS_DIR} defines it`,
    );
  }
  if (citation.page !== undefined && !index.sectionsByPage.has(citation.page)) {
    problems.push(`${where} cites ${ENGINE_SPECS_DIR}/${citation.page}, which does not exist`);
  }
}

/** Relative Markdown link targets that point into the engine pages, or are written inside them. */
function checkMarkdownLinks(root: string, file: string, text: string, problems: string[]): void {
  const insidePages = file.startsWith(`${ENGINE_SPECS_DIR}/`);
  for (const [index, line] of text.split('\n').entries()) {
    for (const match of line.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
      const target = match[1] as string;
      if (/^[a-z]+:/i.test(target) || target.startsWith('/')) continue;
      if (!insidePages && !target.includes('engines/')) continue;
      const resolved = posix.normalize(posix.join(posix.dirname(file), target));
      if (!existsSync(join(root, resolved))) {
        problems.push(`${file}:${index + 1} links to ${target}, which does not exist (${resolved})`);
      }
    }
  }
}

/**
 * Checks that the repository stands alone in its engine facts; returns one line per problem (empty when fine):
 * - every citation of the engine pages (`specs/engines/<page>.md`, with or without section IDs) in source,
 *   scripts, docs and features names an existing page and headings it defines;
 * - outside `specs/engines`, no section ID is written without its page; inside, a bare ID of the page's own
 *   letter refers to that page, and any other through its letter, which belongs to one page only;
 * - Markdown links into the engine pages resolve;
 * - no file mentions a protocol document outside the repository ({@link FOREIGN_REFERENCES}).
 */
export function checkEngineSpecCitations(root: string): string[] {
  const problems: string[] = [];
  const index = indexEngineSpecs(root, problems);
  for (const file of listFiles(root)) {
    const text = readRepoFile(root, file);
    for (const reference of FOREIGN_REFERENCES) {
      for (const [lineIndex, line] of text.split('\n').entries()) {
        if (line.includes(reference)) {
          problems.push(
            `${file}:${lineIndex + 1} mentions ${reference}: engine facts live in ${ENGINE_SPECS_DIR}, in our words`,
          );
        }
      }
    }
    if (!CITING_FILE.test(file)) continue;
    for (const citation of findEngineSpecCitations(text)) checkCitation(file, citation, index, problems);
    if (file.endsWith('.md')) checkMarkdownLinks(root, file, text, problems);
  }
  return problems;
}
