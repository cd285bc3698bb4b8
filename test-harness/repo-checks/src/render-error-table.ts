import { ALL_ERROR_CODES, ERROR_CODES } from '@orch/adapter-api';

/** Marks the start of the generated taxonomy table in specs/errors.md. */
export const ERROR_TABLE_START =
  '<!-- error-table:start (generated from ERROR_CODES by `pnpm error-table`; do not edit) -->';
/** Marks its end. */
export const ERROR_TABLE_END = '<!-- error-table:end -->';

/** The error taxonomy of `@orch/adapter-api` as a markdown table, in `ERROR_CODES` order. */
export function renderErrorTable(): string {
  const rows = ALL_ERROR_CODES.map((code) => {
    const info = ERROR_CODES[code];
    const description = info.description.replace(/\|/g, '\\|');
    return `| \`${code}\` | ${info.status} | ${info.retriable ? 'yes' : 'no'} | ${info.origin} | ${description} |`;
  });
  return ['| code | HTTP status | retriable | origin | description |', '|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}

/** The text between the table markers of a spec file; undefined when the markers are missing or out of order. */
export function readErrorTableSection(markdown: string): string | undefined {
  const start = markdown.indexOf(ERROR_TABLE_START);
  const end = markdown.indexOf(ERROR_TABLE_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return markdown.slice(start + ERROR_TABLE_START.length, end).trim();
}

/** The spec text with the section between the markers replaced by a freshly rendered table. */
export function replaceErrorTableSection(markdown: string): string {
  const start = markdown.indexOf(ERROR_TABLE_START);
  const end = markdown.indexOf(ERROR_TABLE_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`the markers ${ERROR_TABLE_START} and ${ERROR_TABLE_END} are missing or out of order`);
  }
  const before = markdown.slice(0, start + ERROR_TABLE_START.length);
  return `${before}\n${renderErrorTable()}\n${markdown.slice(end)}`;
}
