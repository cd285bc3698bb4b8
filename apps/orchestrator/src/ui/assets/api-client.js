import { apiKeyStore } from './api-key-store.js';

/**
 * `fetch` against this orchestrator with the stored key as `Authorization: Bearer`.
 * @param {string} path
 * @param {RequestInit} [init]
 */
export function apiFetch(path, init = {}) {
  const headers = new Headers(init.headers);
  const key = apiKeyStore.read();
  if (key !== undefined) headers.set('authorization', `Bearer ${key}`);
  return fetch(path, { ...init, headers, cache: 'no-store' });
}

/**
 * `POST`, with a JSON body when one is given (the orchestrator refuses other bodies from browsers).
 * @param {string} path
 * @param {unknown} [body]
 * @param {AbortSignal} [signal]
 */
export function apiPost(path, body, signal) {
  if (body === undefined) return apiFetch(path, { method: 'POST', signal });
  return apiFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

/**
 * The message of an error answer: the envelope's code and message, or the status line.
 * @param {Response} response
 * @returns {Promise<string>}
 */
export async function describeErrorResponse(response) {
  try {
    const envelope = await response.json();
    const error = envelope?.error;
    if (typeof error?.code === 'string') return `${error.code}: ${String(error.message ?? '')}`;
  } catch {
    // Not JSON: the status says enough.
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}
