import type { ShutdownSignalSource } from '../shutdown/listen-for-shutdown-signals.js';
import type { WorkerLink } from './worker-link.js';

const IGNORED = ['SIGTERM', 'SIGINT'] as const;

/**
 * The shutdown signals of a worker process: the ones its primary relays (ORCH-CLU-080). The worker's own SIGINT and
 * SIGTERM are ignored, because a terminal's Ctrl-C reaches every process of the group: counted here and relayed
 * by the primary, one key press would count twice.
 */
export function relayedShutdownSignals(link: WorkerLink): ShutdownSignalSource {
  return (onSignal) => {
    let listening = true;
    const ignore = () => {};
    for (const signal of IGNORED) process.on(signal, ignore);
    link.onPush('signal', (push) => {
      if (listening) onSignal(push.signal);
    });
    // The primary relays signals only to workers that said so, and repeats the ones this worker missed.
    link.notify({ kind: 'signals-ready' });
    return () => {
      listening = false;
      for (const signal of IGNORED) process.off(signal, ignore);
    };
  };
}
