import type { OrchestratorConfig } from '../config/config-schema.js';
import type { Logger } from '../logging/logger.js';
import { isWildcardAddress } from './is-wildcard-address.js';

/**
 * Says at startup what an exposed orchestrator without keys accepts (ORCH-SEC-015): on a wildcard address only
 * the loopback names pass the `Host` check unless `server.allowed_hosts` names the others.
 */
export function warnAboutOpenBinding(config: OrchestratorConfig, authOn: boolean, logger: Logger): void {
  const { host, allowed_hosts: allowedHosts } = config.server;
  if (authOn || !isWildcardAddress(host)) return;
  logger.warn('listening on all interfaces without API keys', {
    host,
    allowed_hosts: allowedHosts ?? 'loopback names only (set server.allowed_hosts)',
  });
}
