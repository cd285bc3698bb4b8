import { connect } from 'node:net';
import { readProcessUsage } from './process-usage.js';
import { PatternCounter } from './pattern-counter.js';
const pid = Number(process.argv[2]);
const noDelay = process.argv[3] === '1';
for (let i = 0; i < 2; i++) {
  const a = readProcessUsage(pid).cpuSeconds; const c0 = process.cpuUsage(); const t0 = performance.now();
  const tokens = await new Promise<number>((resolve) => {
    const socket = connect(18091, '127.0.0.1');
    socket.setNoDelay(noDelay);
    const body = JSON.stringify({ model: 'bench', prompt: 'Hello', max_tokens: 100000, seed: 5 });
    socket.write(`POST /v1/tasks HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    const counter = new PatternCounter('event: token'); let n = 0;
    socket.on('data', (chunk) => { n += counter.count(chunk); });
    socket.on('end', () => resolve(n));
  });
  const s = (performance.now() - t0) / 1000; const b = readProcessUsage(pid).cpuSeconds; const c = process.cpuUsage(c0);
  console.log('raw', noDelay, 'wall', s.toFixed(2), 'tok/s', Math.round(tokens / s), 'orch cores', ((b - a) / s).toFixed(2), 'gen cores', ((c.user + c.system) / 1e6 / s).toFixed(2));
}
