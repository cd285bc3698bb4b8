import { TaskError } from '@orch/adapter-api';
import type { Logger } from '../logging/logger.js';
import type { RunningTask, RunningTaskObserver } from '../tasks/running-task-registry.js';
import type { ClusterKeys } from './cluster-keys.js';
import type { ClusterRedis } from './cluster-redis.js';

/** How long a cancel marker waits for its task's owner to see it, ms (an owner frozen longer has lost the task). */
const MARKER_MS = 60_000;

/** Cancels by id across the fleet (ORCH-CLU-020, ORCH-CLU-021). */
export interface FleetCancel extends RunningTaskObserver {
  /**
   * Cancels a task that runs on another instance: true when an owner is recorded (the cancel is on its way),
   * false when no instance runs it. Rejects with `cluster_unavailable` when Redis cannot say.
   */
  cancelElsewhere(taskId: string): Promise<boolean>;
  stop(): void;
}

/**
 * Each task's owner is recorded in Redis while it runs (renewed with the leases). A cancel for a task that does not
 * run here leaves a durable marker and a message to the owner; the owner acts on the message at once, and polls the
 * markers of its tasks every `pollMs` in case the message was missed (a reconnect, a frozen Redis).
 */
export function createFleetCancel(settings: {
  redis: ClusterRedis;
  keys: ClusterKeys;
  instanceId: string;
  leaseMs: number;
  pollMs: number;
  logger: Logger;
  /** Cancels a task of this instance; false when it does not run here. */
  cancelLocal: (taskId: string) => boolean;
}): FleetCancel {
  const { redis, keys, instanceId, leaseMs, pollMs, logger } = settings;
  const tasks = new Map<string, RunningTask>();
  const cancel = (taskId: string, how: string) => {
    if (!tasks.has(taskId)) return;
    logger.info('task cancel requested through the fleet', { task_id: taskId, via: how });
    settings.cancelLocal(taskId);
  };
  redis.subscribe(keys.cancelChannel(instanceId), (taskId) => cancel(taskId, 'message'));

  const record = (ids: readonly string[]) => {
    if (ids.length === 0) return;
    redis
      .call((client) => {
        const pipeline = client.pipeline();
        for (const id of ids) pipeline.set(keys.taskOwner(id), instanceId, 'PX', leaseMs);
        return pipeline.exec();
      })
      .catch(() => {});
  };
  const renewTimer = setInterval(() => record([...tasks.keys()]), Math.max(100, Math.floor(leaseMs / 3)));
  renewTimer.unref();
  const pollTimer = setInterval(() => {
    if (tasks.size === 0) return;
    const ids = [...tasks.keys()];
    redis
      .call((client) => client.mget(...ids.map((id) => keys.cancelMarker(id))))
      .then(
        (markers) =>
          markers.forEach((marker, index) => {
            if (marker !== null) cancel(ids[index] as string, 'marker');
          }),
        () => {},
      );
  }, pollMs);
  pollTimer.unref();

  return {
    added(task) {
      tasks.set(task.taskId, task);
      record([task.taskId]);
    },
    removed(task) {
      tasks.delete(task.taskId);
      const id = task.taskId;
      redis.call((client) => client.del(keys.taskOwner(id), keys.cancelMarker(id))).catch(() => {});
    },
    async cancelElsewhere(taskId) {
      try {
        const owner = await redis.call((client) => client.get(keys.taskOwner(taskId)));
        if (owner === null) return false;
        await redis.call((client) => client.set(keys.cancelMarker(taskId), instanceId, 'PX', MARKER_MS));
        redis.publish(keys.cancelChannel(owner), taskId);
        logger.info('task cancel sent to its owner', { task_id: taskId, owner_instance: owner });
        return true;
      } catch {
        throw new TaskError(
          'cluster_unavailable',
          `Task "${taskId}" does not run on this instance, and the fleet's Redis cannot say where it runs.`,
          { retryAfterMs: 1_000 },
        );
      }
    },
    stop() {
      clearInterval(renewTimer);
      clearInterval(pollTimer);
    },
  };
}
