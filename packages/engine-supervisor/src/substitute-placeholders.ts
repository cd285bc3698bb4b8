/** Values for the placeholders of a launch spec. */
export interface PlaceholderValues {
  port: number;
  host: string;
  model: string | undefined;
}

const PLACEHOLDER = /\{(port|host|model)\}/g;

/**
 * Replaces `{port}`, `{host}` and `{model}` in one argument. Any other text, braces included, is kept
 * verbatim. Throws when `{model}` is used but no model was given, rather than passing a literal `{model}`.
 */
export function substitutePlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (_match, name: 'port' | 'host' | 'model') => {
    if (name === 'port') return String(values.port);
    if (name === 'host') return values.host;
    if (values.model === undefined) {
      throw new Error(`"${text}" uses {model} but the launch spec has no model`);
    }
    return values.model;
  });
}
