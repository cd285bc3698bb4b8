/** What the CLI does on each shutdown signal. */
export interface ShutdownSignalHandlers {
  /** The first signal: stop admitting and drain (the grace period). */
  drain(): void;
  /** The third signal while draining: end the running streams now, each with its terminal event. */
  endGrace(): void;
  /** True once the grace is over (streams ended): a signal then exits at once. */
  graceOver(): boolean;
  /** Exits at once (a signal after the grace). */
  exitNow(): void;
  /** Says what a signal did, for the log. */
  note(message: string, fields: Record<string, unknown>): void;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Where shutdown signals come from: calls `onSignal` for each; returns the function that stops listening. */
export type ShutdownSignalSource = (onSignal: (signal: string) => void) => () => void;

/** SIGTERM and SIGINT of this process. */
const PROCESS_SIGNALS: ShutdownSignalSource = (onSignal) => {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
};

/**
 * ORCH-CLI-010: the handlers stay installed for the whole drain (a one-shot handler let the second signal kill
 * the process with the default action, resetting every stream). The first SIGTERM or SIGINT drains; a second
 * during the grace is noted and ignored (supervisors and impatient terminals repeat signals); a third ends the
 * grace (streams end with `shutting_down`, not reset); any signal once the grace is over exits at once.
 * Also drains when the parent process goes away (`pnpm start` exits on SIGTERM without waiting for its child).
 * A worker process of `server.workers` counts the signals its primary relays instead (`source`).
 * Returns a function that removes the handlers.
 */
export function listenForShutdownSignals(
  handlers: ShutdownSignalHandlers,
  source: ShutdownSignalSource = PROCESS_SIGNALS,
): () => void {
  let received = 0;
  const onSignal = (signal: string) => {
    received += 1;
    if (received === 1) {
      handlers.note('shutdown signal: draining', { signal });
      handlers.drain();
    } else if (handlers.graceOver()) {
      handlers.note('shutdown signal after the grace: exiting now', { signal });
      handlers.exitNow();
    } else if (received === 2) {
      handlers.note('shutdown already under way: a third signal ends the running streams now', { signal });
    } else {
      handlers.note('shutdown signal repeated: ending the running streams now', { signal });
      handlers.endGrace();
    }
  };
  const stopListening = source(onSignal);
  const parent = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(parentWatch);
    if (received > 0) return;
    received = 1;
    handlers.note('parent process exited: draining', { parent_pid: parent });
    handlers.drain();
  }, 500);
  parentWatch.unref();
  return () => {
    clearInterval(parentWatch);
    stopListening();
  };
}
