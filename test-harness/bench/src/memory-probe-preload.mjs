/**
 * Preloaded (`--expose-gc --import`) into the Node.js relays the bench measures: on SIGUSR2 it runs a full
 * garbage collection and writes `process.memoryUsage()` to the file named by BENCH_MEMORY_PROBE_FILE, so that
 * memory per open stream is read after a collection instead of whenever V8 last collected. It adds nothing to
 * the relay's hot path. Plain JavaScript: it is loaded before any TypeScript loader, and into an orchestrator
 * built to JavaScript that runs without one.
 */
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_MEMORY_PROBE_FILE;
/** @type {(() => void) | undefined} */
const collect = /** @type {{ gc?: () => void }} */ (globalThis).gc;

if (file !== undefined && file.length > 0) {
  process.on('SIGUSR2', () => {
    collect?.();
    collect?.();
    writeFileSync(
      `${file}.tmp`,
      JSON.stringify({ ...process.memoryUsage(), collected: collect !== undefined }),
    );
    // Renamed into place so that the reader never sees half a file.
    renameSync(`${file}.tmp`, file);
  });
}
