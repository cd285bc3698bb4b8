import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nextMessage } from './next-message.js';

const SERVER_ENTRY = fileURLToPath(new URL('./soak-server.ts', import.meta.url));

/** One orchestrator instance of the fleet soak, in its own process. */
export interface FleetMember {
  readonly instanceId: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Ends the process at once (SIGKILL): its streams are cut, its leases left to expire. */
  kill(): void;
  /** Graceful shutdown (streams finish or end with `shutting_down`). */
  stop(): Promise<void>;
}

/** Starts one instance with the config at `configPath` and resolves once it listens. */
export async function startFleetMember(instanceId: string, configPath: string): Promise<FleetMember> {
  const child = fork(SERVER_ENTRY, [configPath], {
    execArgv: ['--import', 'tsx', '--conditions=@orch/source'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { url } = await nextMessage<{ url: string }>(child, 'listening', 30_000).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    instanceId,
    url,
    child,
    kill: () => child.kill('SIGKILL'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await nextMessage(child, 'stopped', 15_000, { type: 'stop' }).catch(() => child.kill('SIGKILL'));
    },
  };
}
