import { decodeNdjsonStream, decodeSseStream } from '@orch/adapter-api';

/** POSTs JSON with `Content-Type: application/json`. */
export function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
    body: JSON.stringify(body),
  });
}

/** Reads an SSE response to the end and returns each event's `data`, plus the comments seen. */
export async function readSse(response: Response): Promise<{ data: string[]; comments: string[] }> {
  const data: string[] = [];
  const comments: string[] = [];
  if (response.body === null) return { data, comments };
  for await (const message of decodeSseStream(response.body, {
    onComment: (comment) => comments.push(comment),
  })) {
    data.push(message.data);
  }
  return { data, comments };
}

/** Reads an NDJSON response to the end and parses each line. */
export async function readNdjson(response: Response): Promise<Array<Record<string, unknown>>> {
  const lines: Array<Record<string, unknown>> = [];
  if (response.body === null) return lines;
  for await (const line of decodeNdjsonStream(response.body))
    lines.push(JSON.parse(line) as Record<string, unknown>);
  return lines;
}

/** Parses SSE data payloads that are JSON (skipping `[DONE]`). */
export function parseEvents(data: readonly string[]): Array<Record<string, unknown>> {
  return data.filter((item) => item !== '[DONE]').map((item) => JSON.parse(item) as Record<string, unknown>);
}

/** Whether a buffer ends inside a UTF-8 multi-byte character. */
export function endsMidCharacter(bytes: Uint8Array): boolean {
  for (let back = 1; back <= Math.min(4, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0x80) return false;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return back < length;
  }
  return false;
}
