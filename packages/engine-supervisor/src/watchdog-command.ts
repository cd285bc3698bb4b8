/**
 * A POSIX shell script that starts a background loop and then `exec`s the engine, so the engine keeps the
 * spawned pid (which is also its process group id) and its own stdout/stderr. The loop polls, once a
 * second, whether the owner (the orchestrator) and the engine are alive; when either is gone it SIGKILLs
 * the whole group, itself included. This is what removes engines after a SIGKILL of the orchestrator,
 * which no in-process hook can see. The loop belongs to the group, so stopping the group stops it too.
 */
const WATCHDOG_SCRIPT = [
  'owner="$1"; shift',
  '( while kill -0 "$owner" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done; kill -KILL -$$ 2>/dev/null ) </dev/null >/dev/null 2>&1 &',
  'exec "$@"',
].join('\n');

/** The command and arguments that run `command args…` under the watchdog for owner `ownerPid`. */
export function buildWatchdogCommand(
  command: string,
  args: readonly string[],
  ownerPid: number,
): { command: string; args: string[] } {
  return {
    command: '/bin/sh',
    args: ['-c', WATCHDOG_SCRIPT, 'engine-watchdog', String(ownerPid), command, ...args],
  };
}
