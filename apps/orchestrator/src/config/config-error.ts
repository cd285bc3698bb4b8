/** A configuration problem; the message names the file, the field and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
