/** Where the page keeps the API key: this tab only, gone when it closes. */
const KEY_STORAGE = 'orch.api_key';

/** The API key the operator entered, kept in the tab's `sessionStorage` (ORCH-UIP-010). */
export const apiKeyStore = {
  /** The kept key, if any. */
  read() {
    return sessionStorage.getItem(KEY_STORAGE) ?? undefined;
  },
  /** @param {string} key */
  save(key) {
    sessionStorage.setItem(KEY_STORAGE, key);
  },
  forget() {
    sessionStorage.removeItem(KEY_STORAGE);
  },
};
