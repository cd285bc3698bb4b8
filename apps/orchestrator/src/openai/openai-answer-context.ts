import type { StreamEvent, TaskError } from '@orch/adapter-api';
import type { AnswerCollector, CollectedAnswer } from '../tasks/answer-collector.js';

/** What a dialect's encoder or collector needs to know about the task it answers for. */
export interface OpenAiAnswerContext {
  /** The task's id; answer ids derive from it (`chatcmpl-<task_id>`), so logs and answers match. */
  taskId: string;
  /** The model name the client asked for (a pool's model). */
  model: string;
  /** Unix time in seconds, the same for every chunk of a stream. */
  created: number;
  /** `stream_options.include_usage` (chat and text completions). */
  includeUsage: boolean;
  /**
   * Whether the orchestrator already tried other replicas for a failure that came before any token (then a
   * non-streamed answer says `x-should-retry: false`). Absent: only the code's `retriable` decides.
   */
  isRetriedByOrchestrator?: (failure: TaskError) => boolean;
}

/** Turns a task's events into the bytes of one streamed dialect (one instance per task). */
export interface OpenAiStreamEncoder {
  /** The SSE text for one event ('' when the dialect sends nothing for it). A terminal event ends the stream. */
  encodeEvent(event: StreamEvent): string;
  /** An SSE comment (keep-alive, queue position): clients ignore it, proxies see traffic. */
  encodeComment(text: string): string;
}

/** A whole non-streamed answer, ready to be written: the task pipeline's collected answer. */
export type OpenAiAnswer = CollectedAnswer;

/** Collects a task's events into one non-streamed answer (one instance per task): the pipeline's collector. */
export type OpenAiAnswerCollector = AnswerCollector;
