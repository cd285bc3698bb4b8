import { type Agent, request as httpRequest } from 'node:http';
import { PatternCounter } from './pattern-counter.js';
import type { RelayProtocol, StreamRequest } from './relay-protocol.js';

/** Where a stream goes. */
export interface StreamEndpoint {
  /** `http://host:port` of the relay (or the engine itself). */
  baseUrl: URL;
  /** Its wire. */
  protocol: RelayProtocol;
}

/** What the load generator saw of one stream. */
export interface StreamOutcome {
  /** HTTP status (0 when the connection failed). */
  status: number;
  /** Token events received. */
  tokens: number;
  /** True when the terminal event of a complete stream arrived and the response ended. */
  complete: boolean;
  /** Request sent (`performance.now()`). */
  startedAt: number;
  /** First token event received, or null. */
  firstTokenAt: number | null;
  /** Response ended, failed or was aborted. */
  endedAt: number;
  /** Why the stream failed, when it did. */
  error?: string;
}

/** Options of {@link runStream}. */
export interface RunStreamOptions {
  /** Keep-alive agent shared by the load. */
  agent: Agent;
  /**
   * Called for every chunk holding token events: how many, and the gap (ms) since the previous such chunk of
   * this stream (`null` for the first token). Tokens that arrive in one chunk arrive together.
   */
  onTokens?: (count: number, gapMs: number | null) => void;
  /** Closing the stream early (memory phase); the outcome then says `aborted`. */
  signal?: AbortSignal;
  /** Called once, when the first token event arrives. */
  onFirstToken?: () => void;
  /** Reference start time (open-loop load measures from the scheduled time); default now. */
  startedAt?: number;
}

/** Sends one streaming request and reads it to the end, counting token events and timing their arrival. */
export function runStream(
  endpoint: StreamEndpoint,
  request: StreamRequest,
  options: RunStreamOptions,
): Promise<StreamOutcome> {
  const { protocol } = endpoint;
  const body = protocol.body(request);
  const startedAt = options.startedAt ?? performance.now();
  return new Promise((resolve) => {
    const outcome: StreamOutcome = {
      status: 0,
      tokens: 0,
      complete: false,
      startedAt,
      firstTokenAt: null,
      endedAt: 0,
    };
    let settled = false;
    const settle = (error?: string): void => {
      if (settled) return;
      settled = true;
      outcome.endedAt = performance.now();
      if (error !== undefined) outcome.error = error;
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const outgoing = httpRequest(
      {
        agent: options.agent,
        host: endpoint.baseUrl.hostname,
        port: endpoint.baseUrl.port,
        method: 'POST',
        path: protocol.path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        outcome.status = response.statusCode ?? 0;
        const tokens = new PatternCounter(protocol.tokenPattern);
        const end = new PatternCounter(protocol.endPattern);
        let lastTokenAt = 0;
        let sawEnd = false;
        response.on('data', (chunk: Buffer) => {
          const count = tokens.count(chunk);
          if (count > 0) {
            const now = performance.now();
            if (outcome.firstTokenAt === null) {
              outcome.firstTokenAt = now;
              options.onFirstToken?.();
              options.onTokens?.(count, null);
            } else {
              options.onTokens?.(count, now - lastTokenAt);
            }
            lastTokenAt = now;
            outcome.tokens += count;
          }
          if (!sawEnd && end.count(chunk) > 0) sawEnd = true;
        });
        response.on('end', () => {
          outcome.complete = sawEnd && outcome.status === 200;
          settle(
            outcome.complete ? undefined : `HTTP ${outcome.status}, stream ended without its final event`,
          );
        });
        response.on('error', (error) => settle(error.message));
        response.on('aborted', () => settle('aborted'));
      },
    );
    const onAbort = (): void => {
      outgoing.destroy();
      settle('aborted');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('error', (error) => settle(error.message));
    outgoing.end(body);
  });
}
