import type { Citation, FileCitations } from './collect-citations.js';
import type { RequirementDefinition, SpecFileContents } from './parse-spec-markdown.js';
import { compareRequirementIds } from './requirement-id.js';

/** Inputs of {@link computeSpecCoverage}: what the specs define, what tests cite, what may stay uncovered. */
export interface SpecCoverageInput {
  specs: SpecFileContents;
  tests: FileCitations;
  /** The entries of `specs/uncovered.txt`. */
  allowList: { id: string; line: number }[];
}

/** The coverage of the specs by executable tests, and everything that keeps the two honest. */
export interface SpecCoverage {
  /** Every defined requirement, sorted by ID. */
  definitions: RequirementDefinition[];
  /** Defined requirements that no executable test cites, sorted by ID. */
  uncovered: RequirementDefinition[];
  /** Citations of IDs that no spec defines (typos, or a requirement never written down). */
  undefinedCitations: Citation[];
  /** ID-like words in test titles, tags, scenario names or spec definitions that break the ID grammar. */
  malformed: { text: string; file: string; line: number }[];
  /** IDs defined more than once. */
  duplicateDefinitions: RequirementDefinition[][];
  /** IDs mentioned in the specs' prose that no spec defines. */
  undefinedMentions: { id: string; file: string; line: number }[];
  /** Uncovered IDs missing from the allow-list: cite them in a test or list them. */
  uncoveredButNotListed: string[];
  /** Allow-listed IDs that a test now cites: remove them from the list. */
  listedButCovered: string[];
  /** Allow-listed IDs that no spec defines. */
  listedButUndefined: string[];
  /** IDs listed more than once in the allow-list. */
  listedTwice: string[];
}

/** Computes the coverage of the spec requirements by test citations, and the allow-list differences. */
export function computeSpecCoverage(input: SpecCoverageInput): SpecCoverage {
  const byId = new Map<string, RequirementDefinition[]>();
  for (const definition of input.specs.definitions) {
    byId.set(definition.id, [...(byId.get(definition.id) ?? []), definition]);
  }
  const cited = new Set(input.tests.citations.map((citation) => citation.id));
  const definitions = [...byId.values()]
    .map((list) => list[0] as RequirementDefinition)
    .sort(byRequirementId);
  const uncovered = definitions.filter((definition) => !cited.has(definition.id));
  const uncoveredIds = new Set(uncovered.map((definition) => definition.id));
  const listed = input.allowList.map((entry) => entry.id);
  const listedSet = new Set(listed);
  return {
    definitions,
    uncovered,
    undefinedCitations: input.tests.citations.filter((citation) => !byId.has(citation.id)),
    malformed: [...input.tests.malformed, ...input.specs.malformed],
    duplicateDefinitions: [...byId.values()].filter((list) => list.length > 1),
    undefinedMentions: input.specs.mentions.filter((mention) => !byId.has(mention.id)),
    uncoveredButNotListed: [...uncoveredIds].filter((id) => !listedSet.has(id)).sort(compareRequirementIds),
    listedButCovered: [...listedSet]
      .filter((id) => byId.has(id) && cited.has(id))
      .sort(compareRequirementIds),
    listedButUndefined: [...listedSet].filter((id) => !byId.has(id)).sort(compareRequirementIds),
    listedTwice: [...listedSet].filter((id) => listed.indexOf(id) !== listed.lastIndexOf(id)),
  };
}

function byRequirementId(left: RequirementDefinition, right: RequirementDefinition): number {
  return compareRequirementIds(left.id, right.id);
}
