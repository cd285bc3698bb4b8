/** A Redis call that did not answer in time, failed, or was not sent because Redis is known to be down. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}
