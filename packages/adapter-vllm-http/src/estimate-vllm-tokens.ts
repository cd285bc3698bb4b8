import { type AdapterLogger, isTaskError, type Task, type TokenEstimate } from '@orch/adapter-api';
import { createTokenizerEstimate, type EngineClient, estimateTokensByCharacters } from '@orch/adapter-utils';
import { vllmTokenizeResponseSchema } from './vllm-api-types.js';

const MISSING_ENDPOINT_STATUSES = new Set([404, 405, 501]);

/**
 * Estimates tokens with vLLM's `/tokenize` (specs/engines/vllm.md A.7), in the prompt or the chat form. A server without the route
 * (404/405/501), or one that counts nothing for a non-empty prompt, is remembered, and the estimate then
 * uses the character heuristic (`estimateTokensByCharacters`); any other failure rejects.
 */
export function createVllmTokenEstimator(settings: {
  client: EngineClient;
  servedModel: string;
  timeoutMs: number;
  logger: AdapterLogger;
}): (task: Task) => Promise<TokenEstimate> {
  const { client, servedModel, logger } = settings;
  let tokenizeMissing = false;
  let tokenizeIgnoresPrompt = false;

  return async function estimateTokens(task: Task): Promise<TokenEstimate> {
    if (tokenizeMissing) return estimateTokensByCharacters(task);
    const body =
      task.prompt !== undefined
        ? { model: servedModel, prompt: task.prompt, add_special_tokens: true }
        : { model: servedModel, messages: task.messages ?? [], add_generation_prompt: true };
    try {
      const answer = await client.requestJson(vllmTokenizeResponseSchema, {
        path: '/tokenize',
        body,
        timeoutMs: settings.timeoutMs,
        what: '/tokenize answer',
      });
      const promptHasText =
        (task.prompt ?? '').length > 0 || (task.messages ?? []).some((turn) => turn.content.length > 0);
      if (answer.count === 0 && promptHasText) {
        // A server that shares the route but reads another field (llama-server wants `content`, specs/engines/llamacpp.md D.3)
        // tokenizes nothing; an estimate of 0 would let any prompt past the context check.
        if (!tokenizeIgnoresPrompt) {
          tokenizeIgnoresPrompt = true;
          logger.warn('/tokenize counted no tokens for a non-empty prompt: using the character heuristic', {
            replica: client.replica,
          });
        }
        return estimateTokensByCharacters(task);
      }
      return createTokenizerEstimate(answer.count, task.max_tokens);
    } catch (error) {
      const status = isTaskError(error) ? error.context.status : undefined;
      if (status === undefined || !MISSING_ENDPOINT_STATUSES.has(status)) throw error;
      tokenizeMissing = true;
      logger.warn('vLLM server has no /tokenize: token estimates use the character heuristic', {
        replica: client.replica,
      });
      return estimateTokensByCharacters(task);
    }
  };
}
