import { setTimeout as delay } from 'node:timers/promises';

export { findProcessGroups } from '@orch/engine-testkit';

/** Polls `check` every 20 ms until it is true; throws naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(20);
  }
}
