/** What a log line says of a failed engine start or lease step: the error's first line (its cause, no output). */
export function firstLineOfError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const newline = error.message.indexOf('\n');
  return newline === -1 ? error.message : error.message.slice(0, newline);
}
