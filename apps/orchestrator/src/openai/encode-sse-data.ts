/** An SSE message with only a `data:` line, as chat and text completion streams send them. */
export function encodeSseData(json: string): string {
  return `data: ${json}\n\n`;
}

/** The end marker of chat and text completion streams, after the last chunk or the error. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** An SSE comment line. */
export function encodeSseCommentLine(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
