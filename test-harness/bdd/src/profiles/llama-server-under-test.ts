import {
  type RunningLlamaServer,
  type StartLlamaServerOptions,
  startLlamaServer,
} from '@orch/engine-testkit';
import type { OpenSessionOptions } from './conformance-profile.js';
import type { ConformanceSession } from './conformance-session.js';

/** Two slots, so that a task stuck in one slot would show in the free slots. */
const SERVER_OPTIONS: StartLlamaServerOptions = { slots: 2 };

/** The llama-server a llama.cpp profile runs against: one the suite started, or the one `--url` names. */
export interface LlamaServerUnderTest {
  /** Its base URL, without a trailing slash. */
  baseUrl: string;
  /** True when the suite started it, so that it can stop and restart it. */
  started: boolean;
  /** `stopEngine` and `startEngine` (at the same port) for a server the suite started; none with `--url`. */
  restartHooks: Pick<ConformanceSession, 'stopEngine' | 'startEngine'>;
  /** Stops a server the suite started; leaves one named by `--url` alone. */
  stop(): Promise<void>;
}

/**
 * Without `url`, starts a real llama-server with the tiny generated model (`@orch/engine-testkit`); with `url`,
 * drives the server found there.
 */
export async function openLlamaServer({ url, log }: OpenSessionOptions): Promise<LlamaServerUnderTest> {
  let server: RunningLlamaServer | undefined;
  if (url === undefined) {
    server = await startLlamaServer(SERVER_OPTIONS);
    log(`started llama-server ${server.version} at ${server.url} (${server.startupMs} ms)`);
  }
  const started = server !== undefined;
  return {
    baseUrl: (url ?? server?.url ?? '').replace(/\/+$/, ''),
    started,
    restartHooks: !started
      ? {}
      : {
          async stopEngine() {
            await server?.stop();
          },
          async startEngine() {
            const port = server?.port;
            server = await startLlamaServer({ ...SERVER_OPTIONS, ...(port === undefined ? {} : { port }) });
            log(`restarted llama-server at ${server.url}`);
          },
        },
    async stop() {
      await server?.stop();
    },
  };
}
