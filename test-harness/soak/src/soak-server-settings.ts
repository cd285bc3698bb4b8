/** The `server` section of every soak orchestrator: any port on loopback, quick health checks, errors-only logs. */
export const SOAK_SERVER_SETTINGS = {
  host: '127.0.0.1',
  port: 0,
  health_interval_ms: 500,
  keepalive_ms: 1_000,
  shutdown_grace_ms: 2_000,
  max_streams_per_client: 0,
  log_level: 'error',
} as const;
