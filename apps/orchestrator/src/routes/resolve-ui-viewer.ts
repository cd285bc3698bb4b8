import type { Context } from 'hono';
import type { AppDeps } from '../deps/app-deps.js';
import type { UiViewer } from '../events/ui-viewer.js';
import { identifyClient, readClientAddress } from '../security/client-identity.js';
import { isLoopbackAddress } from '../security/is-loopback-address.js';

/**
 * Who reads the status page's events and what they may do (ORCH-UI-040, ORCH-UI-041). With `server.auth` every
 * key reads (the auth check already ran); an operator key sees every task and may act, any other key sees its
 * own tasks only. Without auth every task is visible, and only loopback clients may act. Undefined: the stream
 * is off for this request (`ui.enabled: false`, or `ui.anonymous: off` without auth).
 */
export function resolveUiViewer(c: Context, deps: AppDeps): UiViewer | undefined {
  if (deps.ui === undefined) return undefined;
  if (deps.apiKeys.length > 0) {
    const client = identifyClient(c);
    const operator = client.operator === true;
    return { owner: operator ? undefined : client.owner, canAct: operator };
  }
  if (deps.config.ui.anonymous === 'off') return undefined;
  return { owner: undefined, canAct: isLoopbackAddress(readClientAddress(c)) };
}
