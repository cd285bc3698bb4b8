import type { AdapterModuleInput } from './adapter-module-input.js';

/** The input's base URL; throws when an engine that needs one got none (a composition bug, not a config error). */
export function requireBaseUrl(engine: string, input: AdapterModuleInput<unknown>): string {
  if (input.baseUrl === undefined) throw new TypeError(`the ${engine} adapter needs a base URL`);
  return input.baseUrl;
}
