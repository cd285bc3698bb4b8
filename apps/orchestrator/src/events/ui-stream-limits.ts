import { TaskError } from '@orch/adapter-api';
import { ClientStreamLimiter } from '../scheduling/client-stream-limiter.js';

/** Everyone's event streams count under this one key of the instance-wide limiter. */
const EVERYONE = 'everyone';

/**
 * The open `/v1/events` and per-task event streams of the instance (ORCH-UI-015): at most `maxStreams` in all and
 * `maxStreamsPerClient` per client (its key, or its address without auth); 0 lifts a limit. Each stream may hold
 * up to 8 MiB its reader left unread, so the caps bound what readers that never read can pin in memory, and one
 * client cannot take every stream an operator needs.
 */
export class UiStreamLimits {
  private readonly all: ClientStreamLimiter;
  private readonly perClient: ClientStreamLimiter;

  constructor(
    private readonly maxStreams: number,
    maxStreamsPerClient: number,
  ) {
    this.all = new ClientStreamLimiter(maxStreams);
    this.perClient = new ClientStreamLimiter(maxStreamsPerClient);
  }

  /** Takes one stream for `client`, or throws `too_many_streams`; returns the function that gives it back. */
  acquire(client: string): () => void {
    const releaseOwn = this.perClient.acquire(client);
    let releaseShare: () => void;
    try {
      releaseShare = this.all.acquire(EVERYONE);
    } catch {
      releaseOwn();
      throw new TaskError(
        'too_many_streams',
        `The instance already serves ${this.maxStreams} event streams (ui.max_streams); close one or retry later.`,
        { retryAfterMs: 1_000 },
      );
    }
    return () => {
      releaseShare();
      releaseOwn();
    };
  }
}
