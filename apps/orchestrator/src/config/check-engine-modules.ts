import { type AdapterModule, CONTRACT_VERSION } from '@orch/adapter-api';

/**
 * Refuses a list of engine modules the orchestrator cannot compose: none at all, two with the same engine
 * name, or one built against another major version of the adapter contract.
 */
export function checkEngineModules(modules: readonly AdapterModule[]): void {
  if (modules.length === 0) throw new TypeError('no engine modules: the orchestrator needs at least one');
  const seen = new Set<string>();
  const major = (version: string) => version.split('.')[0];
  for (const module of modules) {
    if (seen.has(module.engine)) throw new TypeError(`two engine modules are named "${module.engine}"`);
    seen.add(module.engine);
    if (major(module.contractVersion) !== major(CONTRACT_VERSION)) {
      throw new TypeError(
        `the "${module.engine}" module was built against adapter contract ${module.contractVersion}, this orchestrator speaks ${CONTRACT_VERSION}`,
      );
    }
  }
}
