import { TaskError } from '@orch/adapter-api';

/**
 * Reads a JSON request body as text, refusing a non-JSON content type (415), a body over `limitBytes` (413,
 * checked while reading, so an oversized body is never held in memory) and bytes that are not UTF-8 (400).
 */
export async function readRequestBody(request: Request, limitBytes: number): Promise<string> {
  const contentType = request.headers.get('content-type');
  if (contentType !== null && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new TaskError(
      'unsupported_media_type',
      `Expected Content-Type application/json, got "${contentType}".`,
    );
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body !== null) {
    for await (const chunk of request.body) {
      size += chunk.byteLength;
      if (size > limitBytes) throw tooLarge(limitBytes);
      chunks.push(chunk);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new TaskError('invalid_request', 'The body is not valid UTF-8.');
  }
}

function tooLarge(limitBytes: number): TaskError {
  return new TaskError('payload_too_large', `The body exceeds the limit of ${limitBytes} bytes.`);
}
