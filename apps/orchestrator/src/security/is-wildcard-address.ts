const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

/** True for a listen address meaning "every interface". */
export function isWildcardAddress(host: string): boolean {
  return WILDCARD_ADDRESSES.has(host.toLowerCase());
}
