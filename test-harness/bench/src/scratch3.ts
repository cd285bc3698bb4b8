import { Agent } from 'node:http';
import { readProcessUsage } from './process-usage.js';
import { orchestratorProtocol } from './relay-protocol.js';
import { runStream } from './stream-client.js';
const pid = Number(process.argv[2]);
const agent = new Agent({ keepAlive: true });
for (let i = 0; i < 3; i++) {
  const a = readProcessUsage(pid).cpuSeconds; const c0 = process.cpuUsage();
  const o = await runStream({ baseUrl: new URL('http://127.0.0.1:18091'), protocol: orchestratorProtocol('bench') }, { maxTokens: 100000, seed: 5, prompt: 'Hello' }, { agent });
  const b = readProcessUsage(pid).cpuSeconds; const c = process.cpuUsage(c0);
  const s = (o.endedAt - o.startedAt) / 1000;
  console.log('wall', s.toFixed(2), 'tok/s', Math.round(o.tokens / s), 'orch cores', ((b - a) / s).toFixed(2), 'gen cores', ((c.user + c.system) / 1e6 / s).toFixed(2));
}
agent.destroy();
