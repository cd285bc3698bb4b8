import { TaskError } from '@orch/adapter-api';

/** Counts open streams per client and refuses one over the limit (0 = no limit). */
export class ClientStreamLimiter {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly maxStreams: number,
    /** Live instances sharing the limit (a fleet whose Redis is down); 1 alone. */
    private readonly divisor: () => number = () => 1,
  ) {}

  private get limit(): number {
    if (this.maxStreams === 0) return 0;
    return Math.max(1, Math.floor(this.maxStreams / Math.max(1, this.divisor())));
  }

  /** Takes one stream for `client`; returns the function that gives it back (call once). */
  acquire(client: string): () => void {
    const current = this.open.get(client) ?? 0;
    const limit = this.limit;
    if (limit > 0 && current >= limit) {
      throw new TaskError(
        'too_many_streams',
        `This client already has ${current} open streams (limit ${limit}).`,
        {
          retryAfterMs: 1_000,
        },
      );
    }
    this.open.set(client, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const remaining = (this.open.get(client) ?? 1) - 1;
      if (remaining === 0) this.open.delete(client);
      else this.open.set(client, remaining);
    };
  }
}
