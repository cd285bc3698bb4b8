/** One lexical token of TypeScript source, as far as the repository checks need to tell tokens apart. */
export interface SourceToken {
  kind: 'identifier' | 'string' | 'template' | 'regex' | 'number' | 'punctuation';
  /** For strings and templates: the text between the quotes (escapes kept as written); else the token text. */
  value: string;
  /** 1-based line of the token's first character. */
  line: number;
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

const IDENTIFIER_START = /[A-Za-z_$\u0080-\uffff]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Splits TypeScript source into tokens, dropping comments, so that checks see code and string literals but
 * never text inside comments. It is a scanner, not a parser: enough to find call names, their string arguments
 * and import specifiers. A `/` is a regular expression where an expression may start (the usual heuristic).
 */
export function scanTypeScript(source: string): SourceToken[] {
  const tokens: SourceToken[] = [];
  let position = 0;
  let line = 1;

  const advanceTo = (end: number) => {
    for (let index = position; index < end; index += 1) if (source[index] === '\n') line += 1;
    position = end;
  };

  const regexMayStart = () => {
    const previous = tokens.at(-1);
    if (previous === undefined) return true;
    if (previous.kind === 'identifier') return KEYWORDS_BEFORE_EXPRESSION.has(previous.value);
    if (previous.kind === 'punctuation') return !/^[)\]}]$/.test(previous.value);
    return false;
  };

  while (position < source.length) {
    const char = source[position] as string;
    const next = source[position + 1];
    const startLine = line;
    if (/\s/.test(char)) {
      advanceTo(position + 1);
    } else if (char === '/' && next === '/') {
      const end = source.indexOf('\n', position);
      advanceTo(end === -1 ? source.length : end);
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', position + 2);
      advanceTo(end === -1 ? source.length : end + 2);
    } else if (char === '"' || char === "'") {
      const end = skipQuoted(source, position, char);
      tokens.push({ kind: 'string', value: source.slice(position + 1, end - 1), line: startLine });
      advanceTo(end);
    } else if (char === '`') {
      const end = skipTemplate(source, position);
      tokens.push({ kind: 'template', value: source.slice(position + 1, end - 1), line: startLine });
      advanceTo(end);
    } else if (char === '/' && regexMayStart()) {
      const end = skipRegex(source, position);
      tokens.push({ kind: 'regex', value: source.slice(position, end), line: startLine });
      advanceTo(end);
    } else if (IDENTIFIER_START.test(char)) {
      let end = position + 1;
      while (end < source.length && IDENTIFIER_PART.test(source[end] as string)) end += 1;
      tokens.push({ kind: 'identifier', value: source.slice(position, end), line: startLine });
      advanceTo(end);
    } else if (/[0-9]/.test(char)) {
      let end = position + 1;
      while (end < source.length && /[0-9A-Za-z_.]/.test(source[end] as string)) end += 1;
      tokens.push({ kind: 'number', value: source.slice(position, end), line: startLine });
      advanceTo(end);
    } else {
      tokens.push({ kind: 'punctuation', value: char, line: startLine });
      advanceTo(position + 1);
    }
  }
  return tokens;
}

/** End (exclusive) of a '…' or "…" literal starting at `start`; an unterminated one ends at the line end. */
function skipQuoted(source: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') index += 2;
    else if (char === quote) return index + 1;
    else if (char === '\n') return index;
    else index += 1;
  }
  return source.length;
}

/** End (exclusive) of a template literal starting at `start`, nested `${…}` expressions included. */
function skipTemplate(source: string, start: number): number {
  let index = start + 1;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') index += 2;
    else if (char === '`') return index + 1;
    else if (char === '$' && source[index + 1] === '{') index = skipExpression(source, index + 2);
    else index += 1;
  }
  return source.length;
}

/** End (exclusive, after the closing brace) of a `${…}` expression whose body starts at `start`. */
function skipExpression(source: string, start: number): number {
  let depth = 1;
  let index = start;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === '"' || char === "'") index = skipQuoted(source, index, char);
    else if (char === '`') index = skipTemplate(source, index);
    else if (char === '{') {
      depth += 1;
      index += 1;
    } else if (char === '}') {
      depth -= 1;
      index += 1;
      if (depth === 0) return index;
    } else index += 1;
  }
  return source.length;
}

/** End (exclusive, flags included) of a regular expression literal starting at `start`. */
function skipRegex(source: string, start: number): number {
  let index = start + 1;
  let inClass = false;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\') index += 2;
    else if (char === '\n') return index;
    else {
      if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      else if (char === '/' && !inClass) {
        index += 1;
        while (index < source.length && /[a-z]/.test(source[index] as string)) index += 1;
        return index;
      }
      index += 1;
    }
  }
  return source.length;
}
