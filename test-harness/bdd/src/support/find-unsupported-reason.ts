/** The parts of a cucumber pickle that identify a scenario. */
export interface ScenarioIdentity {
  name: string;
  tags: readonly { name: string }[];
}

/**
 * The reason a profile gives for not supporting a scenario: matched by one of the scenario's tags
 * (`@CONF-009`) or by its exact name. Undefined when the scenario is supported.
 */
export function findUnsupportedReason(
  unsupported: Readonly<Record<string, string>>,
  scenario: ScenarioIdentity,
): string | undefined {
  const byName = unsupported[scenario.name];
  if (byName !== undefined) return byName;
  for (const tag of scenario.tags) {
    const byTag = unsupported[tag.name];
    if (byTag !== undefined) return byTag;
  }
  return undefined;
}
