/** The environment variables through which the primary tells a forked worker who it is (see WorkerIdentity). */
export const WORKER_ENVIRONMENT = {
  index: 'ORCH_WORKER_INDEX',
  primaryPid: 'ORCH_PRIMARY_PID',
} as const;
