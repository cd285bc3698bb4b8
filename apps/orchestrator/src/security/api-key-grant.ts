/** One accepted API key and what it may do (ORCH-SEC-001, ORCH-SEC-006). */
export interface ApiKeyGrant {
  /** The key itself: compared in constant time, never logged. */
  key: string;
  /** Who holds the key: the owner of its tasks and its stream count (`server.auth.keys[].name`, or derived). */
  name: string;
  /** The models this key may use; absent: every model. */
  models?: readonly string[];
  /** The key may use the status page's actions (`server.auth.keys[].operator`). */
  operator?: boolean;
}
