import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** Who sent a request, as far as the orchestrator can tell (ORCH-SEC-005, ORCH-SEC-007). */
export interface ClientIdentity {
  /**
   * The owner of the client's tasks and the key of its stream count: `key:<name>` for a validated API key,
   * `address:<ip>` without authentication. Never taken from an unchecked header.
   */
  readonly owner: string;
  /** The models the client may use; absent: every model. */
  readonly models?: ReadonlySet<string>;
  /** True when the identity comes from a validated API key. */
  readonly authenticated: boolean;
  /** True for an operator key (`server.auth.keys[].operator`): it may use the status page's actions. */
  readonly operator?: boolean;
}

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the API-key check once a key is validated. */
    clientIdentity: ClientIdentity;
  }
}

/** The peer address of the request's connection ('local' under `app.request`, which has none). */
export function readClientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

/** The identity of a request: its validated API key when authentication is on, else its peer address. */
export function identifyClient(c: Context): ClientIdentity {
  return c.get('clientIdentity') ?? { owner: `address:${readClientAddress(c)}`, authenticated: false };
}
