/**
 * The grammar of requirement IDs (see specs/README.md):
 * - `ORCH-<AREA>-<nnn>`: our own requirements, AREA in capitals and digits (`API`, `E2E`…), three digits;
 * - `CONF-<nnn>`: scenarios of the adapter conformance suite;
 * - `OC-ADAPT-<nnnn>`: the original adapter plan's IDs, kept as they were.
 * Any of them may end in one lower-case letter (`OC-ADAPT-5001a`).
 */
const ID_SOURCE = String.raw`(?:ORCH-[A-Z][A-Z0-9]*-\d{3}|CONF-\d{3}|OC-ADAPT-\d{4})[a-z]?`;

/** Something that looks like it was meant to be an ID (right prefix, digits somewhere), well formed or not. */
const CANDIDATE_SOURCE = String.raw`(?:ORCH|CONF|OC-ADAPT)-[A-Za-z0-9-]*\d[A-Za-z0-9]*`;

const ID_EXACT = new RegExp(`^${ID_SOURCE}$`);

/** True when `text` is exactly one well-formed requirement ID. */
export function isRequirementId(text: string): boolean {
  return ID_EXACT.test(text);
}

/** Every well-formed requirement ID in `text`, in order of appearance (duplicates kept). */
export function findRequirementIds(text: string): string[] {
  const pattern = new RegExp(`(?<![A-Za-z0-9-])${ID_SOURCE}(?![A-Za-z0-9])`, 'g');
  return [...text.matchAll(pattern)].map((match) => match[0]);
}

/**
 * ID-like words in `text` that break the grammar (`ORCH-API-01`, `CONF-1`, `OC-ADAPT-501`): a typo guard, so a
 * mistyped citation is reported instead of silently citing nothing.
 */
export function findMalformedIds(text: string): string[] {
  const pattern = new RegExp(`(?<![A-Za-z0-9-])${CANDIDATE_SOURCE}`, 'g');
  return [...text.matchAll(pattern)].map((match) => match[0]).filter((word) => !isRequirementId(word));
}

/** Sorts IDs by prefix, area and number, so `ORCH-API-002` comes before `ORCH-API-010`. */
export function compareRequirementIds(left: string, right: string): number {
  return left.localeCompare(right, 'en', { numeric: true });
}
