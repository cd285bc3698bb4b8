import { runClosedLoopLoad } from './closed-loop-load.js';
import { LLAMACPP_PROTOCOL, orchestratorProtocol } from './relay-protocol.js';
import { summarise } from './statistics.js';
const streams = Number(process.argv[2] ?? 64);
const tokens = Number(process.argv[3] ?? 100);
for (const [name, url, protocol] of [['direct', 'http://127.0.0.1:18090', LLAMACPP_PROTOCOL], ['orch', 'http://127.0.0.1:18091', orchestratorProtocol('bench')]] as const) {
  const r = await runClosedLoopLoad({ name: 'direct', baseUrl: new URL(url), protocol, pids: () => [], description: '', stop: async () => {} }, { streams, maxTokens: tokens, warmupMs: 1000, durationMs: 4000, enginePid: process.pid, recordGaps: true, prompt: 'Hello' });
  const t = summarise(r.ttftMs); const g = summarise(r.gapsMs);
  console.log(name, Math.round(r.tokens / r.seconds), 'ttft', t.p50?.toFixed(1), t.p99?.toFixed(1), 'gap', g.p50?.toFixed(2), g.p90?.toFixed(2), g.p99?.toFixed(2), 'n', t.count, r.failures, r.firstFailure);
}
