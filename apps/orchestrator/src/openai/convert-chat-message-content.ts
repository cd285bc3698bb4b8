import { OpenAiRequestError } from './openai-request-error.js';

/** Content as chat bodies carry it: a string, text parts, or nothing (an assistant turn with tool calls). */
type ChatContent = string | readonly { type: string; text?: string }[] | null | undefined;

/** The text of a message's content; a non-text part is refused, naming it (`messages[1].content[0].type`). */
export function convertChatMessageContent(
  content: ChatContent,
  field: string,
  textTypes: readonly string[],
): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, index) => {
      if (!textTypes.includes(part.type) || part.text === undefined) {
        throw new OpenAiRequestError(
          `${field}[${index}].type`,
          `Unsupported content part "${part.type}": only text content is supported.`,
        );
      }
      return part.text;
    })
    .join('');
}
