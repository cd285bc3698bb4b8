import { asRecord } from './json-fields.js';

/** A chat message after validation. */
export interface TemplateMessage {
  /** Role (`system`, `user`, `assistant`, `tool`…). */
  role: string;
  /** Text content (text parts of a multi-part content joined). */
  content: string;
}

/** The fake chat template, shown as `chat_template` by engines that expose one. */
export const FAKE_CHAT_TEMPLATE =
  "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}\n{% endfor %}" +
  '{% if add_generation_prompt %}<|assistant|>\n{% endif %}';

/** Validates an OpenAI/Ollama-style `messages` array; returns null when it is not one. */
export function readMessages(value: unknown): TemplateMessage[] | null {
  if (!Array.isArray(value)) return null;
  const messages: TemplateMessage[] = [];
  for (const item of value) {
    const record = asRecord(item);
    if (record === null || typeof record.role !== 'string') return null;
    const content = record.content;
    if (typeof content === 'string') messages.push({ role: record.role, content });
    else if (content === null || content === undefined) messages.push({ role: record.role, content: '' });
    else if (Array.isArray(content)) {
      const parts = content.map((part) => {
        const partRecord = asRecord(part);
        return partRecord !== null && typeof partRecord.text === 'string' ? partRecord.text : '';
      });
      messages.push({ role: record.role, content: parts.join('') });
    } else return null;
  }
  return messages;
}

/** Renders messages with the fake template (generation prompt added). */
export function renderChatPrompt(messages: readonly TemplateMessage[]): string {
  return `${messages.map((message) => `<|${message.role}|>\n${message.content}\n`).join('')}<|assistant|>\n`;
}
