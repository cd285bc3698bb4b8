/** Where the page keeps the API key: this tab only, gone when it closes. */
const KEY_STORAGE = 'orch.api_key';

/** The API key the operator entered, if any. */
export function storedApiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? undefined;
}

/** @param {string} key */
export function storeApiKey(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
}

export function forgetApiKey() {
  sessionStorage.removeItem(KEY_STORAGE);
}

/**
 * `fetch` against this orchestrator with the stored key as `Authorization: Bearer`.
 * @param {string} path
 * @param {RequestInit} [init]
 */
export function apiFetch(path, init = {}) {
  const headers = new Headers(init.headers);
  const key = storedApiKey();
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
