/** A URL without its user, password and query (where keys hide); text that is no URL is returned as it is. */
export function redactUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
