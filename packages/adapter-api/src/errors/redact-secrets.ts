/** A quote may come escaped (`\\"`, text that is itself JSON inside a string); a value stops at a backslash. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /(authorization\\?["']?\s*[:=]\s*\\?["']?)(?:bearer\s+)?[^\s"'\\,}]+/gi,
  /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /((?:api[_-]?key|x-api-key|access[_-]?token|secret|password)\\?["']?\s*[:=]\s*\\?["']?)[^\s"'\\,}&]+/gi,
  /(\bsk-)[A-Za-z0-9_-]{8,}/g,
  /(\/\/[^/\s:@]+:)[^@\s/]+(@)/g,
];

/** Placeholder that replaces a secret. */
export const REDACTED = '[REDACTED]';

/**
 * Removes API keys, bearer tokens, passwords and URL credentials from text that may reach logs, errors or
 * metric labels.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    result = result.replace(pattern, (_match, prefix: string, suffix?: string) =>
      typeof suffix === 'string' && suffix === '@' ? `${prefix}${REDACTED}@` : `${prefix}${REDACTED}`,
    );
  }
  return result;
}

/** A redacted excerpt of an engine body, short enough for a log line or an error message. */
export function excerptBody(body: string, maxLength = 512, knownSecrets: readonly string[] = []): string {
  const redacted = redactSecrets(body, knownSecrets);
  return redacted.length > maxLength ? `${redacted.slice(0, maxLength)}…` : redacted;
}
