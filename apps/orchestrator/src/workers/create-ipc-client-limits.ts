import { TaskError } from '@orch/adapter-api';
import type { ClientLimits } from '../scheduling/client-limits.js';
import type { WorkerLink } from './worker-link.js';

/**
 * Per-client limits of a worker whose primary keeps them for the host (ORCH-CLU-081): `max_streams_per_client`
 * and `server.rate_limits` are checked and counted in the primary, so they hold across the workers; a worker
 * that exits gives its streams back at once.
 */
export function createIpcClientLimits(link: WorkerLink, limited: boolean): ClientLimits {
  return {
    async admit(client) {
      if (!limited) return () => {};
      const member = link.newMember();
      try {
        await link.request({ kind: 'admit-client', client, member });
      } catch (error) {
        // No answer in time: a stream the primary granted later is given back (a refusal holds nothing).
        if (error instanceof TaskError && error.code === 'cluster_unavailable')
          link.notify({ kind: 'release-client', member });
        throw error;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        link.notify({ kind: 'release-client', member });
      };
    },
    charge(client, tokens) {
      if (limited && tokens > 0) link.notify({ kind: 'charge', client, tokens });
    },
  };
}
