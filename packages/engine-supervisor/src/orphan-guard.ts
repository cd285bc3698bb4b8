import { signalProcessGroup } from './process-group.js';

/**
 * Kills the process groups of engines still running when this Node process ends, so no engine outlives
 * the orchestrator:
 * - `exit` (normal end, `process.exit()`, an uncaught exception): SIGKILL to every group, synchronously;
 * - SIGINT / SIGTERM / SIGHUP with no other handler: the same, then the signal is raised again so the
 *   process ends as it would have. When the application has its own handler it owns the shutdown (it
 *   should `stop()` its engines), and `exit` still covers what it forgets.
 * A SIGKILL of this process cannot be caught: the shell watchdog (`watchdog-command.ts`) covers that.
 */
const groups = new Set<number>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killAllGroups(): void {
  for (const groupId of groups) signalProcessGroup(groupId, 'SIGKILL');
  groups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAllGroups();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', killAllGroups);
  // First in line: a `process.once` handler of the application is removed just before it is called, so
  // counting listeners after it would miss it (regression: `orch serve` died of SIGTERM mid-shutdown).
  for (const signal of SIGNALS) process.prependListener(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', killAllGroups);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Registers a detached child's process group (its pid) to be killed if this process ends. */
export function guardProcessGroup(groupId: number): void {
  if (groups.size === 0) install();
  groups.add(groupId);
}

/** Forgets a group once it is gone. */
export function releaseProcessGroup(groupId: number): void {
  if (!groups.delete(groupId)) return;
  if (groups.size === 0) uninstall();
}

/** Process groups currently guarded (for diagnostics and tests). */
export function guardedProcessGroups(): number[] {
  return [...groups];
}
