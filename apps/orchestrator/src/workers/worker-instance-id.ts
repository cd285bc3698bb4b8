import { hostname } from 'node:os';
import type { WorkerIdentity } from './worker-link.js';

/**
 * A worker's instance id: the configured id (else the host's name and the primary's pid) and its worker number,
 * `<id>-w<i>`. The primary names its workers with it too, so the list it keeps matches what each worker calls itself.
 */
export function workerInstanceId(base: string | undefined, identity: WorkerIdentity): string {
  return `${base ?? `${hostname()}-${identity.primaryPid}`}-w${identity.index}`;
}
