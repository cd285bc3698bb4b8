import { TaskError } from '@orch/adapter-api';
import type { ClientIdentity } from './client-identity.js';

/**
 * Refuses a model outside the client's key scope (ORCH-SEC-006) before the model is even looked up, with the
 * same 403 whether or not a pool serves it, so a scoped key learns nothing about other models.
 */
export function checkModelScope(identity: ClientIdentity, model: string): void {
  if (identity.models === undefined || identity.models.has(model)) return;
  throw new TaskError('forbidden', 'This API key may not use the requested model.');
}
