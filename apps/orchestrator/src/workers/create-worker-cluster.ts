import type { Cluster } from '../cluster/create-cluster.js';
import type { InstanceInfo } from '../cluster/instance-heartbeat.js';
import type { OrchestratorConfig } from '../config/config-schema.js';
import type { Logger } from '../logging/logger.js';
import { createIpcClientLimits } from './create-ipc-client-limits.js';
import { IpcSlotAdmission } from './ipc-slot-admission.js';
import { shareBreakersBetweenWorkers } from './share-breakers-between-workers.js';
import { workerInstanceId } from './worker-instance-id.js';
import type { WorkerLink } from './worker-link.js';

/**
 * A worker process's membership of its host when no Redis is configured (ORCH-CLU-081): the same {@link Cluster}
 * as a Redis fleet member, with everything shared through the primary over IPC, so pools and routes need no
 * change.
 */
export function createWorkerCluster(config: OrchestratorConfig, link: WorkerLink, logger: Logger): Cluster {
  const instanceId = workerInstanceId(undefined, link.identity);
  let instances: readonly InstanceInfo[] = [];
  link.onPush('instances', (push) => {
    instances = push.instances;
  });
  let cancelLocal: (taskId: string, owner: string) => boolean = () => false;
  link.onPush('cancel', (push) => {
    logger.info('task cancel requested through another worker', { task_id: push.taskId });
    cancelLocal(push.taskId, push.owner);
  });
  const { max_streams_per_client: maxStreams, rate_limits: rates } = config.server;
  const limited =
    maxStreams > 0 || (rates !== undefined && (rates.requests_per_minute > 0 || rates.tokens_per_minute > 0));
  return {
    instanceId,
    createAdmission: (pool, onQueueDepth) => new IpcSlotAdmission(pool, link, onQueueDepth),
    shareBreakers: (pools) => shareBreakersBetweenWorkers(pools, link, logger),
    taskObserver: {
      // A primary that does not answer in time leaves the worker's own check (ORCH-CLU-025).
      added: (task) =>
        link.request({ kind: 'claim-task', taskId: task.taskId, owner: task.owner ?? '' }).catch(() => true),
      removed: (task) => link.notify({ kind: 'task-removed', taskId: task.taskId, owner: task.owner ?? '' }),
    },
    cancelElsewhere: (taskId, owner) => link.request({ kind: 'cancel-elsewhere', taskId, owner }),
    bindCancel(local) {
      cancelLocal = local;
    },
    clientLimits: createIpcClientLimits(link, limited),
    async ready() {},
    // The worker tells the primary its address itself (with Redis too): see startOrchestrator.
    setUrl: () => {},
    describe: () => ({ instance_id: instanceId, shared_through: 'primary', instances }),
    async stop() {},
  };
}
