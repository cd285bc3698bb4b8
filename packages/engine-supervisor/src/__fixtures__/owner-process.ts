// A stand-in for the orchestrator in orphan-safety tests: starts one engine through the package, prints
// `{"pid":…}` on stdout, then ends the way argv[2] asks:
//   hang   wait forever (the test SIGKILLs or SIGTERMs this process)
//   exit   process.exit(0)
//   throw  an uncaught exception
//   once   handle SIGTERM itself with `process.once` (as `orch serve` does): stop the engine, exit 0
// argv[3] is a JSON launch spec; argv[4], when given, a prefix of an engine output line to wait for and
// report as `line` (e.g. the fake engine's "child pid" line).
import { setTimeout as delay } from 'node:timers/promises';
import { createEngineProcess } from '../engine-process.js';
import type { LaunchSpec } from '../launch-spec.js';

const mode = process.argv[2] ?? 'hang';
const spec = JSON.parse(process.argv[3] ?? '{}') as LaunchSpec;
const linePrefix = process.argv[4];
const engine = createEngineProcess(spec);
if (mode === 'once') {
  process.once('SIGTERM', () => {
    void engine.stop().then(() => process.exit(0));
  });
}
await engine.start();
const findLine = () =>
  engine.logTail().find((entry) => linePrefix && entry.line.startsWith(linePrefix))?.line;
for (let waited = 0; linePrefix && !findLine() && waited < 15_000; waited += 20) await delay(20);
process.stdout.write(`${JSON.stringify({ pid: engine.pid, port: engine.port, line: findLine() })}\n`);

if (mode === 'exit') process.exit(0);
if (mode === 'throw') {
  setTimeout(() => {
    throw new Error('simulated orchestrator crash');
  }, 10);
}
setInterval(() => {}, 60_000);
