/** `name:tag` with `:latest` added when the tag is missing, as Ollama resolves model names (F). */
export function normalizeOllamaModelName(name: string): string {
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? name : `${name}:latest`;
}

/** True when two model names name the same Ollama model. */
export function isSameOllamaModel(left: string, right: string): boolean {
  return normalizeOllamaModelName(left) === normalizeOllamaModelName(right);
}
