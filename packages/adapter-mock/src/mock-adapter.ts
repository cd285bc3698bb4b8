import {
  type AdapterHealth,
  type AdapterLogger,
  type AdapterProperties,
  abortableDelay,
  createStartedEvent,
  type StreamEvent,
  type SubmitOptions,
  silentLogger,
  type Task,
  TaskError,
  type TokenEstimate,
  taskStreamFromEvents,
  type WorkerAdapter,
} from '@orch/adapter-api';
import { convertToMockRequest } from './convert-to-mock-request.js';
import { generateMockJsonPieces } from './generate-mock-json.js';
import { generateMockPieces } from './generate-mock-pieces.js';
import { type MockStopType, mapMockFinishReason } from './map-mock-finish-reason.js';
import type { MockFault } from './mock-api-types.js';
import { StopStringMatcher } from './stop-string-matcher.js';

/** Settings of {@link createMockAdapter}. */
export interface MockAdapterSettings {
  /** Model name the mock serves. Default `mock`. */
  model?: string;
  /** Tokens generated before the mock "model" emits end-of-sequence. Default 48. */
  naturalLength?: number;
  /** Pace of generation; 0 or absent means as fast as possible. */
  tokensPerSecond?: number;
  /** Delay before the first token, in milliseconds (simulated prefill). Default 0. */
  firstTokenDelayMs?: number;
  /** Injected fault; can be changed later with `setFault`. Default none. */
  fault?: MockFault;
  /** Parallel slots reported by `properties()`. Default 4. */
  slots?: number;
  /** Context size reported by `properties()` and used by `estimateTokens`. Default 4096. */
  contextSize?: number;
  /** A `metrics` event every this many tokens. Default 16; 0 disables them. */
  metricsEvery?: number;
  /**
   * Whether the mock declares and honours structured output (`response_format`: it then generates a JSON
   * document that satisfies the format). Default true; false refuses such tasks with `capability_unsupported`.
   */
  structuredOutput?: boolean;
  /** Where dropped fields and diagnostics go. */
  logger?: AdapterLogger;
}

/** The mock adapter: a {@link WorkerAdapter} plus a knob to change its fault at run time. */
export interface MockAdapter extends WorkerAdapter {
  /** Replaces the injected fault for later tasks. */
  setFault(fault: MockFault): void;
  /** Number of tasks currently generating. */
  readonly activeTasks: number;
}

/** The mock engine's version: the version of this package. */
export const MOCK_ENGINE_VERSION = '0.1.0';

/** Creates a deterministic in-process adapter: the same task and seed always give the same pieces. */
export function createMockAdapter(settings: MockAdapterSettings = {}): MockAdapter {
  const model = settings.model ?? 'mock';
  const naturalLength = settings.naturalLength ?? 48;
  const slots = settings.slots ?? 4;
  const contextSize = settings.contextSize ?? 4096;
  const metricsEvery = settings.metricsEvery ?? 16;
  const structuredOutput = settings.structuredOutput ?? true;
  const logger = settings.logger ?? silentLogger;
  const pieceDelayMs = settings.tokensPerSecond ? 1000 / settings.tokensPerSecond : 0;
  let fault: MockFault = settings.fault ?? { mode: 'none' };
  const running = new Map<string, AbortController>();

  async function* run(task: Task, options: SubmitOptions): AsyncGenerator<StreamEvent> {
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const taskFault = fault;
    if (signal.aborted) throw new TaskError('cancelled', 'The task was cancelled before it started.');
    if (taskFault.mode === 'down') throw new TaskError('engine_unavailable', 'The mock engine is down.');
    if (taskFault.mode === 'fail_before_start') {
      throw new TaskError(
        taskFault.code ?? 'engine_unavailable',
        taskFault.message ?? 'Mock failure before start.',
        {
          context: { engine: 'mock' },
        },
      );
    }
    if (task.response_format !== undefined && !structuredOutput) {
      throw new TaskError('capability_unsupported', 'This mock replica has no structured output.', {
        context: { engine: 'mock' },
      });
    }
    if (task.min_p !== undefined || task.top_k !== undefined || task.top_p !== undefined) {
      logger.warn('mock adapter ignores sampling fields', {
        task_id: task.task_id,
        fields: ['top_k', 'top_p', 'min_p'],
      });
    }
    const request = convertToMockRequest(task);
    running.set(task.task_id, controller);
    const startedAt = performance.now();
    try {
      yield createStartedEvent(task, {
        engine: 'mock',
        engine_version: MOCK_ENGINE_VERSION,
        seed: request.seed,
        model,
      });
      const matcher = new StopStringMatcher(request.stop);
      const pieces =
        task.response_format === undefined
          ? generateMockPieces(request.seed, request.promptText)
          : generateMockJsonPieces(task.response_format, request.seed);
      let index = 0;
      let firstTokenAt: number | undefined;
      let stopType: MockStopType = 'limit';
      const cutAfter = 'afterTokens' in taskFault ? taskFault.afterTokens : Number.POSITIVE_INFINITY;
      if (settings.firstTokenDelayMs) await abortableDelay(settings.firstTokenDelayMs, signal);
      for (let generated = 0; generated < request.maxTokens; generated += 1) {
        if (generated === naturalLength && task.response_format === undefined) {
          stopType = 'eos';
          break;
        }
        if (index >= cutAfter) {
          if (taskFault.mode === 'stall') await abortableDelay(2 ** 31 - 1, signal);
          if (taskFault.mode === 'ignore_abort') await new Promise<never>(() => {});
          if (taskFault.mode === 'close_without_terminal') return;
          if (taskFault.mode === 'fail_after') {
            yield new TaskError(
              taskFault.code ?? 'engine_error',
              taskFault.message ?? 'Mock failure mid-stream.',
              {
                context: { engine: 'mock' },
              },
            ).toEvent(index);
            return;
          }
        }
        if (pieceDelayMs > 0 && generated > 0) await abortableDelay(pieceDelayMs, signal);
        const piece = pieces.next();
        if (piece.done) {
          stopType = 'eos'; // the JSON document is complete
          break;
        }
        const match = matcher.push(piece.value);
        if (signal.aborted) break;
        if (match.emit.length > 0 || match.matched === undefined) {
          firstTokenAt ??= performance.now();
          yield { type: 'token', i: index, t: match.emit };
          index += 1;
          if (metricsEvery > 0 && index % metricsEvery === 0) {
            yield { type: 'metrics', tokens_out: index, decode_ms: performance.now() - firstTokenAt };
          }
        }
        if (match.matched !== undefined) {
          stopType = 'word';
          break;
        }
      }
      if (signal.aborted) stopType = 'cancelled';
      const rest = stopType === 'word' || stopType === 'cancelled' ? '' : matcher.flush();
      if (rest.length > 0) {
        firstTokenAt ??= performance.now();
        yield { type: 'token', i: index, t: rest };
        index += 1;
      }
      const end: StreamEvent = {
        type: 'end',
        finish_reason: mapMockFinishReason(stopType),
        finish_reason_raw: stopType,
        tokens_in: Math.ceil(request.promptText.length / 4),
        tokens_out: index,
        decode_ms: firstTokenAt === undefined ? 0 : performance.now() - firstTokenAt,
      };
      if (firstTokenAt !== undefined) end.ttft_ms = firstTokenAt - startedAt;
      yield end;
    } catch (error) {
      if (!signal.aborted) throw error;
      yield { type: 'end', finish_reason: 'cancelled', finish_reason_raw: 'cancelled' };
    } finally {
      running.delete(task.task_id);
    }
  }

  return {
    engine: 'mock',
    get activeTasks() {
      return running.size;
    },
    setFault(next) {
      fault = next;
    },
    submit: (task, options = {}) => taskStreamFromEvents(run(task, options)),
    async cancel(taskId) {
      running.get(taskId)?.abort();
    },
    async health(): Promise<AdapterHealth> {
      return fault.mode === 'down'
        ? { state: 'down', detail: 'The mock engine is down.' }
        : { state: 'ready' };
    },
    async properties(): Promise<AdapterProperties> {
      if (fault.mode === 'down') throw new TaskError('engine_unavailable', 'The mock engine is down.');
      return {
        engine: 'mock',
        engine_version: MOCK_ENGINE_VERSION,
        model,
        slots_total: slots,
        slots_free: Math.max(0, slots - running.size),
        context_size: contextSize,
        capabilities: { structured_output: structuredOutput },
      };
    },
    async estimateTokens(task): Promise<TokenEstimate> {
      const promptTokens = Math.ceil(convertToMockRequest(task).promptText.length / 4);
      return {
        prompt_tokens: promptTokens,
        total_tokens: promptTokens + task.max_tokens,
        method: 'heuristic',
      };
    },
  };
}
