/**
 * Joins an engine base URL (which may carry a path prefix, e.g. behind a proxy) and an endpoint path that may
 * carry a query string. Exactly one slash ends up between them.
 */
export function joinEngineUrl(baseUrl: string, path: string): URL {
  const url = new URL(baseUrl);
  const queryAt = path.indexOf('?');
  const pathname = queryAt === -1 ? path : path.slice(0, queryAt);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${pathname.replace(/^\/+/, '')}`;
  url.search = queryAt === -1 ? '' : path.slice(queryAt);
  url.hash = '';
  return url;
}

/**
 * The replica's base URL as it may appear in logs, errors and metric labels: no user name, no password, no
 * query string (which can hold keys) and no trailing slash. Unparseable input is described, not echoed.
 */
export function describeReplica(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid engine URL)';
  }
}
