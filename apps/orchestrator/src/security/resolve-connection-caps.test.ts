import { describe, expect, it } from 'vitest';
import { createDefaultConfig } from '../config/default-config.js';
import { ENGINE_MODULES } from '../engine-modules.js';
import { resolveConnectionCaps } from './resolve-connection-caps.js';

const server = createDefaultConfig(ENGINE_MODULES).server;

describe('connection caps against the fd limit (ORCH-SEC-016)', () => {
  it('keeps the configured cap when the fd limit leaves room for it', () => {
    expect(resolveConnectionCaps(server, 20_000)).toEqual({
      maxConnections: 4_096,
      maxConnectionsPerClient: 1_024,
      lowered: false,
    });
    expect(resolveConnectionCaps(server, undefined).lowered).toBe(false);
  });

  it('lowers the total to half of a small fd limit (ulimit -n 400), also when the config said no cap', () => {
    expect(resolveConnectionCaps(server, 400)).toMatchObject({ maxConnections: 200, lowered: true });
    expect(resolveConnectionCaps({ ...server, max_connections: 0 }, 400).maxConnections).toBe(200);
  });
});
