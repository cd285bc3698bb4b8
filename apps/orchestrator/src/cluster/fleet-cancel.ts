import { createHash } from 'node:crypto';
import { TaskError } from '@orch/adapter-api';
import type { Logger } from '../logging/logger.js';
import type { RunningTask, RunningTaskObserver } from '../tasks/running-task-registry.js';
import type { ClusterKeys } from './cluster-keys.js';
import type { ClusterRedis } from './cluster-redis.js';
import { CLAIM_TASK_RECORDS, RELEASE_TASK_RECORD } from './task-record-scripts.js';

/** How long a cancel marker waits for its task's owner to see it, ms (an owner frozen longer has lost the task). */
const MARKER_MS = 60_000;

/**
 * A task's name in Redis: its owner (hashed, so no key name or address is stored) and its id. Ids are unique per
 * owner only (ORCH-SEC-004), so a cancel reaches a task only when its owner sends it, on whichever instance.
 */
function fleetTaskId(owner: string, taskId: string): string {
  return `${createHash('sha256').update(owner).digest('hex').slice(0, 16)}:${taskId}`;
}

/** Cancels by id across the fleet, and refuses an id its owner runs elsewhere (ORCH-CLU-020, ORCH-CLU-025). */
export interface FleetCancel extends RunningTaskObserver {
  /**
   * Cancels a task that runs on another instance: true when an owner is recorded (the cancel is on its way),
   * false when no instance runs it. Rejects with `cluster_unavailable` when Redis cannot say.
   */
  cancelElsewhere(taskId: string, owner: string): Promise<boolean>;
  stop(): void;
}

/**
 * Each task's owner is recorded in Redis while it runs: taken when the task registers, only if no other instance
 * holds the record (its owner runs the id there: the task is refused), renewed with the leases, expiring with a
 * dead instance. A cancel for a task that does not run here leaves a durable marker and a message to the owner;
 * the owner acts on the message at once, and polls the markers of its tasks every `pollMs` in case the message was
 * missed (a reconnect, a frozen Redis).
 */
export function createFleetCancel(settings: {
  redis: ClusterRedis;
  keys: ClusterKeys;
  instanceId: string;
  leaseMs: number;
  pollMs: number;
  logger: Logger;
  /** Cancels `owner`'s task of this instance; false when it does not run here. */
  cancelLocal: (taskId: string, owner: string) => boolean;
}): FleetCancel {
  const { redis, keys, instanceId, leaseMs, pollMs, logger } = settings;
  /** This instance's running tasks by their fleet id. */
  const tasks = new Map<string, RunningTask>();
  const cancel = (fleetId: string, how: string) => {
    const task = tasks.get(fleetId);
    if (task === undefined) return;
    logger.info('task cancel requested through the fleet', { task_id: task.taskId, via: how });
    settings.cancelLocal(task.taskId, task.owner ?? '');
  };
  redis.subscribe(keys.cancelChannel(instanceId), (fleetId) => cancel(fleetId, 'message'));

  /** Takes or renews the records of `ids`: one entry each, true when this instance holds it. */
  const record = async (ids: readonly string[]): Promise<boolean[]> => {
    const held = await redis.runScript(
      CLAIM_TASK_RECORDS,
      ids.map((id) => keys.taskOwner(id)),
      [instanceId, leaseMs],
    );
    return ids.map((_, index) => Array.isArray(held) && held[index] === 1);
  };
  const renew = () => {
    if (tasks.size > 0) record([...tasks.keys()]).catch(() => {});
  };
  const renewTimer = setInterval(renew, Math.max(100, Math.floor(leaseMs / 3)));
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
      const id = fleetTaskId(task.owner ?? '', task.taskId);
      tasks.set(id, task);
      return record([id]).then(
        ([held]) => {
          if (held === true) return true;
          // Its owner runs the id on another instance: this task is refused, so nothing of it is renewed.
          if (tasks.get(id) === task) tasks.delete(id);
          return false;
        },
        // Redis cannot say: the instance's own check stands, and the next renewal records the task (ORCH-CLU-050).
        () => true,
      );
    },
    removed(task) {
      const id = fleetTaskId(task.owner ?? '', task.taskId);
      if (tasks.get(id) === task) tasks.delete(id);
      redis
        .runScript(RELEASE_TASK_RECORD, [keys.taskOwner(id), keys.cancelMarker(id)], [instanceId])
        .catch(() => {});
    },
    async cancelElsewhere(taskId, owner) {
      const id = fleetTaskId(owner, taskId);
      try {
        const runner = await redis.call((client) => client.get(keys.taskOwner(id)));
        if (runner === null) return false;
        await redis.call((client) => client.set(keys.cancelMarker(id), instanceId, 'PX', MARKER_MS));
        redis.publish(keys.cancelChannel(runner), id);
        logger.info('task cancel sent to its owner', { task_id: taskId, owner_instance: runner });
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
