// The orchestrator under soak, in its own process so that its memory and descriptors are its own: started by
// run-soak.ts with `--expose-gc` and an IPC channel; answers `sample` with its RSS, heap after a full GC and
// open fds, and `stop` with a graceful shutdown.
import { readdirSync } from 'node:fs';
import { startOrchestrator } from '@orch/orchestrator';

const configPath = process.argv[2];
const orchestrator = await startOrchestrator({ configPath, writeLog: () => {} });
const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', async (message: { type: string }) => {
  if (message.type === 'sample') {
    gc?.();
    process.send?.({
      type: 'sample',
      rss: process.memoryUsage.rss(),
      heapAfterGc: process.memoryUsage().heapUsed,
      fds: readdirSync('/proc/self/fd').length,
    });
  } else if (message.type === 'stop') {
    await orchestrator.shutdown(2_000);
    process.send?.({ type: 'stopped' }, () => process.exit(0));
  }
});
process.send?.({ type: 'listening', url: orchestrator.url });
