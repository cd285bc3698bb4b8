import { z } from 'zod';
import {
  checkedLater,
  clientIdField,
  ignoredFields,
  maxTokensField,
  openAiResponseFormatSchema,
  orchestratorExtensionFields,
  sharedSamplingFields,
  streamOptionsSchema,
} from './openai-common-fields.js';
import { COMPLETION_UNSUPPORTED_FIELDS, declareUnsupportedFields } from './refuse-unsupported-fields.js';

/** One content part of a chat message; only `text` parts are supported (others are refused by name). */
const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

/** One chat message. `tool_calls`, `tool_call_id`, `audio` are declared so that their refusal names them. */
const chatMessageSchema = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPartSchema)]).nullish(),
  name: z.string().optional(),
  refusal: z.string().nullish(),
  tool_calls: checkedLater,
  tool_call_id: checkedLater,
  function_call: checkedLater,
  audio: checkedLater,
});

/** One parsed chat message. */
export type OpenAiChatMessage = z.infer<typeof chatMessageSchema>;

/** Fields of `POST /v1/chat/completions` that are refused unless harmless (`n: 1`, `tools: []`). */
export const CHAT_UNSUPPORTED_FIELDS = COMPLETION_UNSUPPORTED_FIELDS.filter(
  (entry) => !['best_of', 'echo', 'suffix'].includes(entry.field),
);

/** Body of `POST /v1/chat/completions`. */
export const chatCompletionsRequestSchema = z.strictObject({
  ...sharedSamplingFields,
  messages: z.array(chatMessageSchema).min(1),
  max_tokens: maxTokensField,
  max_completion_tokens: maxTokensField,
  response_format: openAiResponseFormatSchema.optional(),
  stream: z.boolean().optional(),
  stream_options: streamOptionsSchema,
  user: clientIdField,
  store: z.boolean().optional(),
  parallel_tool_calls: z.boolean().optional(),
  verbosity: z.string().optional(),
  ...ignoredFields,
  ...orchestratorExtensionFields,
  ...declareUnsupportedFields(CHAT_UNSUPPORTED_FIELDS),
});

/** A parsed chat completions body. */
export type ChatCompletionsRequest = z.infer<typeof chatCompletionsRequestSchema>;
