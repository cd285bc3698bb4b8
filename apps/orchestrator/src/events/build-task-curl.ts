/** A text as one single-quoted shell word. */
function quoteForShell(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A copy-as-curl of a task's request against `baseUrl` (the address this instance is bound to), ORCH-UI-022.
 * The key is never written: with authentication the command reads it from `$ORCH_API_KEY`.
 */
export function buildTaskCurl(baseUrl: string, request: Record<string, unknown>, withKey: boolean): string {
  const parts = [
    'curl -N',
    quoteForShell(`${baseUrl}/v1/tasks`),
    "-H 'content-type: application/json'",
    ...(withKey ? ['-H "Authorization: Bearer $ORCH_API_KEY"'] : []),
    '-d',
    quoteForShell(JSON.stringify(request)),
  ];
  return parts.join(' ');
}
