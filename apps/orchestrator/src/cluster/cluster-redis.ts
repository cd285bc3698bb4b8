import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { redactRedisUrl } from './redact-redis-url.js';
import { RedisUnavailableError } from './redis-unavailable-error.js';

/** A Lua script run by its SHA-1 (sent in full once per connection when Redis does not know it). */
export interface RedisScript {
  readonly lua: string;
  readonly sha: string;
}

/** Prepares a Lua script for {@link ClusterRedis.runScript}. */
export function defineRedisScript(lua: string): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Settings of {@link createClusterRedis}. */
export interface ClusterRedisSettings {
  url: string;
  /** Longest wait for a command or a connection, ms. */
  commandTimeoutMs: number;
  logger: Logger;
  /** Told whenever Redis is found down or back (the `orch_cluster_redis_up` gauge, recoveries). */
  onStateChange?: (up: boolean) => void;
}

/**
 * The one door to Redis (ORCH-CLU-001): every call has a timeout, and a call made while Redis is known to be down
 * fails at once instead of waiting, so no request ever waits on Redis longer than one timeout. A failed call marks
 * Redis down; a probe (PING) every second marks it up again. Subscriptions use a second connection and are
 * restored by the client after a reconnect.
 */
export interface ClusterRedis {
  /** False from a failed or timed-out call until a probe succeeds. */
  readonly up: boolean;
  /** Runs one command (or pipeline) with the timeout; rejects with {@link RedisUnavailableError}. */
  call<T>(run: (client: Redis) => Promise<T>): Promise<T>;
  /** Runs a Lua script with the timeout. */
  runScript(
    script: RedisScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown>;
  /** Delivers the messages of `channel` to `onMessage` (one handler per channel). */
  subscribe(channel: string, onMessage: (message: string) => void): void;
  /** Publishes without waiting for the answer; a failure only marks Redis down. */
  publish(channel: string, message: string): void;
  /** Closes both connections. */
  close(): Promise<void>;
}

const PROBE_INTERVAL_MS = 1_000;

/** Connects to Redis (lazily, in the background) and returns the door to it. */
export function createClusterRedis(settings: ClusterRedisSettings): ClusterRedis {
  const { commandTimeoutMs, logger } = settings;
  const where = redactRedisUrl(settings.url);
  const options = {
    connectTimeout: Math.max(commandTimeoutMs, 1_000),
    commandTimeout: commandTimeoutMs,
    // Nothing waits in an offline queue: a command sent while disconnected fails at once.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 500,
    lazyConnect: false,
  };
  const client = new Redis(settings.url, options);
  const subscriber = new Redis(settings.url, {
    ...options,
    enableOfflineQueue: true,
    commandTimeout: undefined,
  });
  const handlers = new Map<string, (message: string) => void>();
  let up = false;
  let closed = false;
  let lastError = '';

  const setUp = (next: boolean, detail?: string) => {
    if (next === up) return;
    up = next;
    if (next) logger.info('cluster redis reachable', { redis: where });
    else
      logger.warn('cluster redis unreachable; shared features fall back to their documented modes', {
        redis: where,
        error: detail,
      });
    settings.onStateChange?.(next);
  };

  const quiet = (error: Error) => {
    // ioredis reports every failed reconnect; one line per distinct failure is enough (the URL is not in it).
    if (error.message === lastError) return;
    lastError = error.message;
    logger.debug('cluster redis connection error', { redis: where, error: error.message });
  };
  client.on('error', quiet);
  subscriber.on('error', quiet);
  subscriber.on('message', (channel: string, message: string) => handlers.get(channel)?.(message));

  const withTimeout = <T>(promise: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      // ioredis times commands out itself; this bound also covers a connection that never became ready.
      const timer = setTimeout(
        () => reject(new RedisUnavailableError(`Redis did not answer within ${commandTimeoutMs} ms`)),
        commandTimeoutMs + 50,
      );
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

  const call = async <T>(run: (redis: Redis) => Promise<T>): Promise<T> => {
    if (!up || closed) throw new RedisUnavailableError('Redis is unreachable');
    try {
      return await withTimeout(run(client));
    } catch (error) {
      if (isScriptError(error)) throw error;
      setUp(false, (error as Error).message);
      throw error instanceof RedisUnavailableError
        ? error
        : new RedisUnavailableError((error as Error).message);
    }
  };

  const probe = async () => {
    if (closed) return;
    try {
      await withTimeout(client.ping());
      setUp(true);
    } catch (error) {
      setUp(false, (error as Error).message);
    }
  };
  const probeTimer = setInterval(() => {
    if (!up) void probe();
  }, PROBE_INTERVAL_MS);
  probeTimer.unref();
  client.on('ready', () => void probe());

  return {
    get up() {
      return up;
    },
    call,
    runScript: (script, keys, args) =>
      call(async (redis) => {
        try {
          return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
        } catch (error) {
          if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
          return await redis.eval(script.lua, keys.length, ...keys, ...args);
        }
      }),
    subscribe(channel, onMessage) {
      handlers.set(channel, onMessage);
      subscriber.subscribe(channel).catch(quiet);
    },
    publish(channel, message) {
      call((redis) => redis.publish(channel, message)).catch(() => {});
    },
    async close() {
      closed = true;
      clearInterval(probeTimer);
      client.disconnect();
      subscriber.disconnect();
    },
  };
}

/** A script that ran and failed (a bug, not an outage): it must not mark Redis down. */
function isScriptError(error: unknown): boolean {
  const message = String((error as Error)?.message ?? '');
  return message.startsWith('ERR Error running script') || message.includes('user_script');
}
