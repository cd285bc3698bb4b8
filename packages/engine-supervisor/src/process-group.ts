/** Sends `signal` to every process of the group `groupId`; false when the group no longer exists. */
export function signalProcessGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while at least one process of the group exists (zombies waiting to be reaped included). */
export function isProcessGroupAlive(groupId: number): boolean {
  return signalProcessGroup(groupId, 0);
}

/**
 * Polls until no process of the group is left, or `timeoutMs` passes; true when the group is gone.
 * A SIGKILLed process takes a moment to die, and a member reparented to init counts until init reaps it.
 */
export async function waitForProcessGroupGone(groupId: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessGroupAlive(groupId)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}
