/**
 * Kills the process groups of servers still running when this process ends, so a test run never leaves
 * engines behind. Covers a normal exit and SIGINT/SIGTERM/SIGHUP (after which the signal is re-raised so
 * the process still ends the way it would have, unless the process handles the signal itself). A SIGKILL of this process cannot be caught.
 */
const running = new Set<number>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killAll(): void {
  for (const groupId of running) killGroup(groupId, 'SIGKILL');
  running.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // A process with its own handler for this signal (the CLI) decides how to stop its servers.
  if (process.listenerCount(signal) > 1) return;
  killAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Sends `signal` to a whole process group; false when the group no longer exists. */
export function killGroup(groupId: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

/** Registers a detached child (its pid is its process group id) to be killed if this process ends. */
export function guardProcessGroup(groupId: number): void {
  if (running.size === 0) install();
  running.add(groupId);
}

/** Forgets a group once it has exited. */
export function releaseProcessGroup(groupId: number): void {
  if (!running.delete(groupId)) return;
  if (running.size === 0) uninstall();
}
