/** The parts of a configuration that `server.workers` is checked against. */
interface WorkersSettings {
  server: { workers: number | 'auto' };
  cluster?: unknown;
  pools: readonly { replicas: readonly { launch?: unknown }[] }[];
}

/** One problem found, with the path of the field it is reported on. */
interface WorkersConfigProblem {
  path: (string | number)[];
  message: string;
}

/**
 * ORCH-CLU-084: with several worker processes (`server.workers` other than 1) and no `cluster`, managed engines are
 * refused: every worker builds its own pools, so each would launch the replica's engine, and an engine must never
 * be started twice. With `cluster` each worker is a fleet instance and the launch lease (ORCH-CLU-070) lets one
 * of them launch it.
 */
export function findWorkersConfigProblems(config: WorkersSettings): WorkersConfigProblem[] {
  if (config.server.workers === 1 || config.cluster !== undefined) return [];
  return config.pools.flatMap((pool, poolIndex) =>
    pool.replicas.flatMap((replica, replicaIndex) =>
      replica.launch === undefined
        ? []
        : [
            {
              path: ['pools', poolIndex, 'replicas', replicaIndex, 'launch'],
              message:
                'managed engines (`launch`) with `server.workers` other than 1 need `cluster` (a launch lease): give the replica a `url`, or configure `cluster`',
            },
          ],
    ),
  );
}
