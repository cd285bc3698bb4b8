/** The Redis URL as it may appear in logs: scheme, host and port only (user name and password never). */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}${parsed.port === '' ? '' : `:${parsed.port}`}`;
  } catch {
    return '(unparsable redis url)';
  }
}

/** The secrets inside a Redis URL (its password and user name), for the logger to scrub. */
export function secretsOfRedisUrl(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.password, decodeURIComponent(parsed.password), url].filter((value) => value.length >= 4);
  } catch {
    return [url];
  }
}
