import { z } from 'zod';
import {
  clientIdField,
  ignoredFields,
  maxTokensField,
  orchestratorExtensionFields,
  sharedSamplingFields,
} from './openai-common-fields.js';
import { declareUnsupportedFields, harmless, type UnsupportedField } from './refuse-unsupported-fields.js';

const STATELESS = 'this server is stateless: send the whole conversation in "input"';

/** Fields of `POST /v1/responses` that are refused unless harmless; stored state first. */
export const RESPONSES_UNSUPPORTED_FIELDS: readonly UnsupportedField[] = [
  {
    field: 'previous_response_id',
    isHarmless: harmless.never,
    reason: `stored responses are not supported; ${STATELESS}`,
  },
  {
    field: 'conversation',
    isHarmless: harmless.never,
    reason: `stored conversations are not supported; ${STATELESS}`,
  },
  {
    field: 'store',
    isHarmless: harmless.whenFalse,
    reason: `responses are not stored; ${STATELESS} (store: false)`,
  },
  { field: 'background', isHarmless: harmless.whenFalse, reason: 'background responses are not supported' },
  { field: 'prompt', isHarmless: harmless.never, reason: 'stored prompt templates are not supported' },
  { field: 'tools', isHarmless: harmless.whenEmpty, reason: 'tool calls are not supported yet' },
  { field: 'tool_choice', isHarmless: harmless.whenNone, reason: 'tool calls are not supported yet' },
  { field: 'include', isHarmless: harmless.whenEmpty, reason: 'extra output (include) is not supported' },
  { field: 'reasoning', isHarmless: harmless.whenEmpty, reason: 'reasoning options are not supported' },
  { field: 'top_logprobs', isHarmless: harmless.whenZero, reason: 'log probabilities are not supported' },
  {
    field: 'truncation',
    isHarmless: (value) => value === 'disabled',
    reason: 'only truncation "disabled" is supported (a prompt that does not fit is refused)',
  },
];

const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

/** One input message; other item types (function calls, reasoning, references) are refused by name. */
const inputItemSchema = z.looseObject({
  type: z.string().optional(),
  role: z.string().optional(),
  content: z.union([z.string(), z.array(contentPartSchema)]).optional(),
});

/** One parsed input item. */
export type ResponsesInputItem = z.infer<typeof inputItemSchema>;

/** `text.format` of the Responses API: the JSON schema's fields sit beside `type`. */
const textFormatSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    name: z.string(),
    description: z.string().optional(),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().optional(),
  }),
]);

/** Body of `POST /v1/responses` (stateless). */
export const responsesRequestSchema = z.strictObject({
  ...sharedSamplingFields,
  input: z.union([z.string(), z.array(inputItemSchema).min(1)]),
  instructions: z.string().optional(),
  max_output_tokens: maxTokensField,
  text: z.strictObject({ format: textFormatSchema.optional(), verbosity: z.string().optional() }).optional(),
  stream: z.boolean().optional(),
  stream_options: z.strictObject({ include_obfuscation: z.boolean().optional() }).optional(),
  user: clientIdField,
  parallel_tool_calls: z.boolean().optional(),
  max_tool_calls: z.number().int().optional(),
  ...ignoredFields,
  ...orchestratorExtensionFields,
  ...declareUnsupportedFields(RESPONSES_UNSUPPORTED_FIELDS),
});

/** A parsed Responses API body. */
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
