import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on `host` (listen on port 0, read it, close). Another process could take
 * it before the engine binds; a start that then fails picks a new port on its next attempt.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe listener'));
      });
    });
  });
}
