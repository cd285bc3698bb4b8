/** The parts of a configuration that `server.workers` is checked against. */
interface WorkersSettings {
  server: { workers: number | 'auto' };
  pools: readonly { replicas: readonly { launch?: unknown }[] }[];
}

/** One problem found, with the path of the field it is reported on. */
interface WorkersConfigProblem {
  path: (string | number)[];
  message: string;
}

/**
 * ORCH-CLU-084: with several worker processes (`server.workers` other than 1) managed engines are refused: every
 * worker builds its own pools, so each would launch the replica's engine, and an engine must never be started
 * twice. A replica served by several workers gives a `url` (an engine started by a supervisor of its own).
 */
export function findWorkersConfigProblems(config: WorkersSettings): WorkersConfigProblem[] {
  if (config.server.workers === 1) return [];
  return config.pools.flatMap((pool, poolIndex) =>
    pool.replicas.flatMap((replica, replicaIndex) =>
      replica.launch === undefined
        ? []
        : [
            {
              path: ['pools', poolIndex, 'replicas', replicaIndex, 'launch'],
              message:
                'managed engines (`launch`) are not supported with `server.workers` other than 1: give the replica a `url`',
            },
          ],
    ),
  );
}
