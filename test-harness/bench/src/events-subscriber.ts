/** What the status page's subscribers read while the bench ran (`--events-subscriber`). */
export interface EventsSubscriberCounts {
  /** Events read from `/v1/events` (snapshot included). */
  events: number;
  /** Per-task streams (`/v1/events/tasks/{handle}/events`) opened. */
  taskStreams: number;
  /** Events read from those per-task streams. */
  taskEvents: number;
  /** Bytes read from all of them. */
  bytes: number;
}

/** The subscribers of one orchestrator; `stop` closes them and tells what they read. */
export interface EventsSubscriber {
  /** What was read so far (live). */
  readonly counts: Readonly<EventsSubscriberCounts>;
  stop(): Promise<EventsSubscriberCounts>;
}

/** Calls `onFrame(event, data)` for each SSE frame of `response` until it ends (or the request is aborted). */
async function readFrames(
  response: Response,
  counts: EventsSubscriberCounts,
  onFrame: (event: string, data: string) => void,
): Promise<void> {
  if (response.body === null) return;
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for await (const chunk of response.body) {
      counts.bytes += chunk.byteLength;
      pending += decoder.decode(chunk, { stream: true });
      for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
        const frame = pending.slice(0, end);
        pending = pending.slice(end + 2);
        let event = 'message';
        let data = '';
        for (const line of frame.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data = line.slice(6);
        }
        if (data.length > 0) onFrame(event, data);
      }
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
}

/**
 * Opens what a status page open during the run holds (ORCH-UI-003's comparison): one `/v1/events` stream read
 * as fast as it comes, and one per-task stream at a time, on a running task the bus announced, read to its end.
 */
export async function startEventsSubscriber(baseUrl: URL): Promise<EventsSubscriber> {
  const controller = new AbortController();
  const counts: EventsSubscriberCounts = { events: 0, taskStreams: 0, taskEvents: 0, bytes: 0 };
  let following: Promise<void> | undefined;
  const follow = (handle: string) => {
    counts.taskStreams += 1;
    following = fetch(new URL(`/v1/events/tasks/${handle}/events`, baseUrl), { signal: controller.signal })
      .then((response) => readFrames(response, counts, () => (counts.taskEvents += 1)))
      .catch(() => {})
      .finally(() => {
        following = undefined;
      });
  };
  const response = await fetch(new URL('/v1/events', baseUrl), { signal: controller.signal });
  if (!response.ok) throw new Error(`GET /v1/events answered ${response.status}`);
  const reading = readFrames(response, counts, (event, data) => {
    counts.events += 1;
    if (event !== 'tasks' || following !== undefined) return;
    const running = (JSON.parse(data) as { handle: string; phase: string }[]).find(
      (task) => task.phase !== 'done',
    );
    if (running !== undefined) follow(running.handle);
  }).catch(() => {});
  return {
    counts,
    async stop() {
      controller.abort();
      await Promise.all([reading, following]);
      return { ...counts };
    },
  };
}
