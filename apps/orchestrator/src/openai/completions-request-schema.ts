import { z } from 'zod';
import {
  clientIdField,
  ignoredFields,
  maxTokensField,
  openAiResponseFormatSchema,
  orchestratorExtensionFields,
  sharedSamplingFields,
  streamOptionsSchema,
} from './openai-common-fields.js';
import { COMPLETION_UNSUPPORTED_FIELDS, declareUnsupportedFields } from './refuse-unsupported-fields.js';

/** Fields of `POST /v1/completions` that are refused unless harmless. */
export const TEXT_COMPLETION_UNSUPPORTED_FIELDS = COMPLETION_UNSUPPORTED_FIELDS.filter(
  (entry) =>
    !['top_logprobs', 'audio', 'modalities', 'prediction', 'web_search_options'].includes(entry.field),
);

/** Body of `POST /v1/completions` (the legacy text completion). */
export const completionsRequestSchema = z.strictObject({
  ...sharedSamplingFields,
  /** One prompt: a string, or a list holding one string (token arrays and batches are refused). */
  prompt: z.union([z.string(), z.array(z.unknown())]),
  max_tokens: maxTokensField,
  /** An orchestrator extension here (OpenAI's legacy route has none): structured output as in chat. */
  response_format: openAiResponseFormatSchema.optional(),
  stream: z.boolean().optional(),
  stream_options: streamOptionsSchema,
  user: clientIdField,
  ...ignoredFields,
  ...orchestratorExtensionFields,
  ...declareUnsupportedFields(TEXT_COMPLETION_UNSUPPORTED_FIELDS),
});

/** A parsed text completions body. */
export type CompletionsRequest = z.infer<typeof completionsRequestSchema>;
