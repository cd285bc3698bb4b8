/** The folder of the engine wire-protocol pages, relative to the repository root. */
export const ENGINE_SPECS_DIR = 'specs/engines';

/** A section ID of the engine pages: the page's letter, a dot and a number (as in `specs/engines/vllm.md A.7`). */
const SECTION_ID = String.raw`[A-Z]\.\d+`;

/** What may stand between two IDs of one page: a comma, a slash, an en dash (a range) or `and`. */
const ID_SEPARATOR = String.raw`(?:\s*[,/–]\s*|\s+and\s+)`;

const ID_LIST = `${SECTION_ID}(?:${ID_SEPARATOR}${SECTION_ID})*`;

/** `specs/engines/<page>.md`, optionally followed by IDs of that page. */
const QUALIFIED = new RegExp(
  String.raw`specs/engines/([A-Za-z0-9_-]+\.md)(?:#[\w-]*)?(?:\s+(${ID_LIST})(?![A-Za-z0-9]))?`,
  'g',
);

/** An ID on its own: not part of a word, a version (`v2.1`), a path or a longer number. It names no page. */
const BARE = new RegExp(String.raw`(?<![A-Za-z0-9_.$/#\-])(${ID_LIST})(?![A-Za-z0-9]|\.\d)`, 'g');

/** One reference to the engine pages found in a text. */
export interface EngineSpecCitation {
  /** The page file named (`vllm.md`), or `undefined` for a bare ID that names no page. */
  page: string | undefined;
  /** The section IDs cited, in order; both ends of a range; empty when the whole page is cited. */
  ids: string[];
  /** 1-based line of the citation. */
  line: number;
  /** The citation as written. */
  text: string;
}

function splitIds(list: string | undefined): string[] {
  return list === undefined ? [] : [...list.matchAll(new RegExp(SECTION_ID, 'g'))].map((match) => match[0]);
}

/**
 * Every reference to the engine pages in `text`: qualified citations (`specs/engines/vllm.md A.7`,
 * `specs/engines/tgi.md B.3–B.6`, a page path alone) and bare section IDs, which name no page. The ID that
 * opens a Markdown heading is a definition, not a citation.
 */
export function findEngineSpecCitations(text: string): EngineSpecCitation[] {
  const citations: EngineSpecCitation[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const covered: [number, number][] = [];
    for (const match of line.matchAll(QUALIFIED)) {
      covered.push([match.index, match.index + match[0].length]);
      citations.push({ page: match[1], ids: splitIds(match[2]), line: index + 1, text: match[0] });
    }
    // The ID that opens a heading defines a section rather than citing one.
    const headingStart = /^#{1,6}\s+/.exec(line)?.[0].length;
    for (const match of line.matchAll(BARE)) {
      if (match.index === headingStart) continue;
      if (covered.some(([start, end]) => match.index >= start && match.index < end)) continue;
      citations.push({ page: undefined, ids: splitIds(match[1]), line: index + 1, text: match[0] });
    }
  }
  return citations;
}

/**
 * The section IDs a page defines: headings whose text starts with an ID, with their lines.
 * Headings inside fenced code blocks do not count.
 */
export function findEngineSpecSections(text: string): { id: string; line: number }[] {
  const sections: { id: string; line: number }[] = [];
  let fenced = false;
  for (const [index, line] of text.split('\n').entries()) {
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const match = new RegExp(String.raw`^#{1,6}\s+(${SECTION_ID})\s`).exec(line);
    if (match?.[1] !== undefined) sections.push({ id: match[1], line: index + 1 });
  }
  return sections;
}
