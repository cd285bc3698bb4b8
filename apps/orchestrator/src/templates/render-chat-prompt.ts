import { type ChatMessage, TaskError } from '@orch/adapter-api';
import type { ChatTemplateConfig } from './chat-template-schema.js';
import { compileChatTemplate } from './compile-chat-template.js';

/**
 * Renders chat turns into the prompt text with the pool's chat template, the way Hugging Face tokenizers do
 * (`messages`, `add_generation_prompt: true`, `bos_token`, `eos_token`; `raise_exception` is built in). A template that
 * raises, or renders nothing, is the client's `invalid_request` (e.g. a template that refuses a system turn).
 */
export function renderChatPrompt(messages: readonly ChatMessage[], config: ChatTemplateConfig): string {
  if (config.template === undefined) {
    throw new TaskError('internal', 'renderChatPrompt called for a pool without a chat template');
  }
  let text: string;
  try {
    text = compileChatTemplate(config.template).render({
      messages: messages.map((message) => ({ role: message.role, content: message.content })),
      add_generation_prompt: true,
      bos_token: config.bos_token,
      eos_token: config.eos_token,
    });
  } catch (error) {
    throw new TaskError(
      'invalid_request',
      `messages: the pool's chat template refused them: ${(error as Error).message}`,
    );
  }
  if (text.length === 0) {
    throw new TaskError('invalid_request', "messages: the pool's chat template rendered an empty prompt");
  }
  return text;
}
