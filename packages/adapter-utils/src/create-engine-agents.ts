import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** The keep-alive connection pools one engine client sends its requests through, one per scheme. */
export interface EngineAgents {
  /** Pool for `http://` replicas. */
  http: HttpAgent;
  /** Pool for `https://` replicas (hosted APIs). */
  https: HttpsAgent;
}

/**
 * Milliseconds an idle kept-alive connection stays in the pool. Below the 5 s keep-alive timeout of
 * llama-server (cpp-httplib), so the client drops a connection before the engine does; a server that
 * announces a shorter `Keep-Alive: timeout=` is honoured by node:http on its own.
 */
const IDLE_CONNECTION_MS = 4000;

/**
 * Creates the keep-alive pools of one engine client. No limit on open connections (a request never queues
 * in the client behind another: the engine's own queue decides), at most 64 idle ones kept; idle ones are
 * reused most-recent first (`lifo`), which leaves the others to time out and keeps the reused ones warm.
 */
export function createEngineAgents(): EngineAgents {
  const options = {
    keepAlive: true,
    maxSockets: Number.POSITIVE_INFINITY,
    maxFreeSockets: 64,
    scheduling: 'lifo' as const,
    timeout: IDLE_CONNECTION_MS,
  };
  return { http: new HttpAgent(options), https: new HttpsAgent(options) };
}

let sharedAgents: EngineAgents | undefined;

/** The pools of requests sent without a client of their own (`requestEngine` called directly). */
export function getSharedEngineAgents(): EngineAgents {
  sharedAgents ??= createEngineAgents();
  return sharedAgents;
}
