import { parseArgs } from 'node:util';
import { createPassthroughProxy } from './passthrough-proxy.js';

// `tsx passthrough-proxy-main.ts --upstream URL [--port N]`: prints `listening on URL` once it listens.
const { values } = parseArgs({
  options: { upstream: { type: 'string' }, port: { type: 'string', default: '0' } },
});
if (values.upstream === undefined) {
  process.stderr.write('passthrough-proxy: --upstream URL is required\n');
  process.exit(2);
}
const server = createPassthroughProxy(new URL(values.upstream));
server.keepAliveTimeout = 60_000;
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
