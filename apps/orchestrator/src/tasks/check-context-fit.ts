import type { Task } from '@orch/adapter-api';
import { TaskError } from '@orch/adapter-api';
import type { Logger } from '../logging/logger.js';
import type { Pool } from '../pools/pool.js';

/**
 * Tokens a prompt can need beyond one per UTF-8 byte: every tokenizer the engines use (byte-level BPE, or
 * SentencePiece with byte fallback) covers at least one byte per token; the rest is BOS/EOS and a dummy prefix.
 */
const PROMPT_TOKEN_SLACK = 8;

/**
 * Refuses up front a task whose estimated tokens (prompt + max_tokens, from the adapter's estimate: the
 * engine's tokenizer where it has one) fit no replica's context. Skipped when no replica reports a context
 * size, when a raw prompt fits even at one token per byte (no tokenizer round trip for the common case), or
 * when the estimate itself fails (the engine will then answer for itself).
 */
export async function checkContextFit(task: Task, pool: Pool, logger: Logger): Promise<void> {
  const sized = pool.replicas.filter((replica) => replica.acceptsTasks && replica.properties?.context_size);
  if (sized.length === 0) return;
  const largest = Math.max(...sized.map((replica) => replica.properties?.context_size ?? 0));
  if (task.prompt !== undefined) {
    const bound = Buffer.byteLength(task.prompt, 'utf8') + PROMPT_TOKEN_SLACK + task.max_tokens;
    if (bound <= largest) return;
  }
  let estimate: Awaited<ReturnType<(typeof sized)[number]['adapter']['estimateTokens']>>;
  try {
    estimate = await (sized[0] as (typeof sized)[number]).adapter.estimateTokens(task);
  } catch (error) {
    logger.debug('token estimate failed; context check skipped', { error });
    return;
  }
  if (estimate.total_tokens > largest) {
    throw new TaskError(
      'context_length_exceeded',
      `The task needs ${estimate.total_tokens} tokens (prompt ${estimate.prompt_tokens} + max_tokens ${task.max_tokens}, ` +
        `${estimate.method} estimate) but the largest context in pool "${pool.id}" is ${largest} tokens.`,
    );
  }
}
