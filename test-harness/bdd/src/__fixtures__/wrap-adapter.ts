import { type StreamEvent, taskStreamFromEvents, type WorkerAdapter } from '@orch/adapter-api';
import type { ConformanceProfile } from '../profiles/conformance-profile.js';
import { mockProfile } from '../profiles/mock.js';

/** Rewrites a stream: return the events to deliver in place of `event` (none to drop it). */
export type EventRewrite = (event: StreamEvent) => StreamEvent[];

/** An adapter that passes everything through to `inner` but rewrites its stream events. */
export function wrapAdapter(inner: WorkerAdapter, rewrite: EventRewrite): WorkerAdapter {
  return {
    engine: inner.engine,
    submit: (task, options) =>
      taskStreamFromEvents(
        (async function* rewritten() {
          for await (const event of inner.submit(task, options)) yield* rewrite(event);
        })(),
      ),
    cancel: (taskId) => inner.cancel(taskId),
    health: () => inner.health(),
    properties: () => inner.properties(),
    estimateTokens: (task) => inner.estimateTokens(task),
  };
}

/** The mock profile with its adapter (and fault adapters) wrapped in a rewrite: a deliberately broken adapter. */
export function createBrokenMockProfile(name: string, rewrite: EventRewrite): ConformanceProfile {
  return {
    name,
    description: `The mock adapter, broken on purpose (${name}).`,
    async open(options) {
      const session = await mockProfile.open(options);
      const { failBeforeStart, failMidStream } = session;
      return {
        ...session,
        adapter: wrapAdapter(session.adapter, rewrite),
        goldenDir: session.goldenDir,
        ...(failBeforeStart && {
          failBeforeStart: async () => wrapAdapter(await failBeforeStart(), rewrite),
        }),
        ...(failMidStream && {
          failMidStream: async (afterTokens: number) =>
            wrapAdapter(await failMidStream(afterTokens), rewrite),
        }),
      };
    },
  };
}
