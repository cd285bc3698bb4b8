import type { IncomingMessage } from 'node:http';
import { TaskError } from '@orch/adapter-api';
import type { Context } from 'hono';

/**
 * Reads a JSON request body as text, refusing a non-JSON content type (415), a body over `limitBytes` (413,
 * checked while reading, so an oversized body is never held in memory) and bytes that are not UTF-8 (400).
 * Under @hono/node-server the body is read from Node's request itself: no web stream is made per request.
 */
export async function readRequestBody(c: Context, limitBytes: number): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const fromNode = incoming !== undefined && typeof incoming.on === 'function' && !incoming.readableEnded;
  const header = (name: string): string | null => {
    if (!fromNode) return c.req.raw.headers.get(name);
    const value = incoming.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  const contentType = header('content-type');
  if (contentType !== null && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new TaskError(
      'unsupported_media_type',
      `Expected Content-Type application/json, got "${contentType}".`,
    );
  }
  const declared = Number(header('content-length') ?? Number.NaN);
  if (declared > limitBytes) throw tooLarge(limitBytes);
  const source: AsyncIterable<Uint8Array> | null = fromNode ? incoming : c.req.raw.body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (source !== null) {
    try {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > limitBytes) throw tooLarge(limitBytes);
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof TaskError) throw error;
      // The body stream only fails when the client's connection does (a reset or close mid-body): that is the
      // client leaving, not an orchestrator fault (ORCH-API-080).
      throw new TaskError(
        'client_closed',
        `The client closed the connection after ${size} bytes of the body.`,
      );
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks),
    );
  } catch {
    throw new TaskError('invalid_request', 'The body is not valid UTF-8.');
  }
}

function tooLarge(limitBytes: number): TaskError {
  return new TaskError('payload_too_large', `The body exceeds the limit of ${limitBytes} bytes.`);
}
