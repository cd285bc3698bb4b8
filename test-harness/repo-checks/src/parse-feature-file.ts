/** What a Gherkin feature file cites: its tags and the names of its features, rules and scenarios. */
export interface FeatureCitations {
  /** Every tag, without its `@`, with its line. */
  tags: { tag: string; line: number }[];
  /** Names after `Feature:`, `Rule:`, `Scenario:`, `Scenario Outline:`, `Example:`, `Scenario Template:`. */
  names: { name: string; line: number }[];
}

const NAMED_KEYWORD = /^(?:Feature|Rule|Scenario|Scenario Outline|Scenario Template|Example):\s*(.*)$/;

/**
 * Reads the tags and names of a `.feature` file. Comment lines (`#`), descriptions, steps and doc strings are
 * not citations: an ID proves something only as a tag or in a scenario's name.
 */
export function parseFeatureFile(text: string): FeatureCitations {
  const citations: FeatureCitations = { tags: [], names: [] };
  let inDocString: string | undefined;
  text.split(/\r\n|\r|\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    const lineNumber = index + 1;
    if (inDocString !== undefined) {
      if (line.startsWith(inDocString)) inDocString = undefined;
      return;
    }
    if (line.startsWith('"""') || line.startsWith('```')) {
      inDocString = line.slice(0, 3);
      return;
    }
    if (line.startsWith('#')) return;
    if (line.startsWith('@')) {
      const withoutComment = line.replace(/\s#.*$/, '');
      for (const word of withoutComment.split(/\s+/)) {
        if (word.startsWith('@') && word.length > 1)
          citations.tags.push({ tag: word.slice(1), line: lineNumber });
      }
      return;
    }
    const named = NAMED_KEYWORD.exec(line);
    if (named !== null) citations.names.push({ name: (named[1] as string).trim(), line: lineNumber });
  });
  return citations;
}
