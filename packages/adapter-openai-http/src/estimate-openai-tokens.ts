import { type AdapterLogger, isTaskError, type Task, type TokenEstimate } from '@orch/adapter-api';
import { type EngineClient, estimateTokensByCharacters } from '@orch/adapter-utils';
import { openAiTokenizeResponseSchema } from './openai-api-types.js';

const MISSING_ENDPOINT_STATUSES = new Set([404, 405, 501]);

/**
 * Estimates tokens with the server's `/tokenize` where it has one, else with the documented character
 * heuristic (`estimateTokensByCharacters`: ASCII characters / 4 plus one per other character, chat overhead
 * per message). A prompt is sent in the field names of both servers that have the endpoint (vLLM `prompt` +
 * `add_special_tokens`, llama-server `content` + `add_special`, the tokenisation their completions use);
 * chat turns use vLLM's chat form and count only when the answer carries `count` (llama-server answers the
 * chat form with an empty token list, which is no count). A missing endpoint (404/405/501) or a server
 * that cannot count chat turns is remembered; other failing answers fall back for that call only; an
 * unreachable server rejects.
 */
export function createOpenAiTokenEstimator(settings: {
  client: EngineClient;
  tokenizePath: string | null;
  servedModel: string;
  timeoutMs: number;
  logger: AdapterLogger;
}) {
  let promptTokenizeWorks = settings.tokenizePath !== null;
  let chatTokenizeWorks = settings.tokenizePath !== null;

  const fallBack = (task: Task, reason: string): TokenEstimate => {
    settings.logger.debug('token estimate by the character heuristic', { task_id: task.task_id, reason });
    return estimateTokensByCharacters(task);
  };

  return async function estimateTokens(task: Task): Promise<TokenEstimate> {
    const chat = task.prompt === undefined;
    if (settings.tokenizePath === null || !(chat ? chatTokenizeWorks : promptTokenizeWorks)) {
      return estimateTokensByCharacters(task);
    }
    const body = chat
      ? { model: settings.servedModel, messages: task.messages ?? [], add_generation_prompt: true }
      : {
          model: settings.servedModel,
          prompt: task.prompt,
          content: task.prompt,
          add_special_tokens: true,
          add_special: true,
        };
    let answer: { count?: number | null; tokens?: unknown[] | null };
    try {
      answer = await settings.client.requestJson(openAiTokenizeResponseSchema, {
        path: settings.tokenizePath,
        body,
        timeoutMs: settings.timeoutMs,
        what: `${settings.tokenizePath} answer`,
      });
    } catch (error) {
      if (!isTaskError(error) || error.context.status === undefined) throw error;
      if (MISSING_ENDPOINT_STATUSES.has(error.context.status)) {
        promptTokenizeWorks = false;
        chatTokenizeWorks = false;
        settings.logger.warn(
          'OpenAI-compatible server has no tokenize endpoint: estimates use the heuristic',
          {
            replica: settings.client.replica,
            path: settings.tokenizePath,
          },
        );
      }
      return fallBack(task, `${settings.tokenizePath} answered HTTP ${error.context.status}`);
    }
    const count = answer.count ?? (chat ? undefined : answer.tokens?.length);
    if (count === undefined || (count === 0 && (task.prompt ?? '').length > 0)) {
      if (chat) chatTokenizeWorks = false;
      else promptTokenizeWorks = false;
      return fallBack(task, `${settings.tokenizePath} gave no count for ${chat ? 'chat turns' : 'a prompt'}`);
    }
    return { prompt_tokens: count, total_tokens: count + task.max_tokens, method: 'tokenizer' };
  };
}
