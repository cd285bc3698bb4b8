import type { z } from 'zod';
import { formatIssuePath } from '../config/format-issue-path.js';
import { parseJsonObjectBody } from '../tasks/parse-json-object-body.js';
import { OpenAiRequestError } from './openai-request-error.js';
import { refuseUnsupportedFields, type UnsupportedField } from './refuse-unsupported-fields.js';

/** A top-level `null` means "not given", as OpenAI's own API reads it (clients send `"stop": null`). */
function dropNullFields(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}

/** The refusal for the first schema issue, naming its field. */
function refusalOf(issue: z.core.$ZodIssue): OpenAiRequestError {
  if (issue.code === 'unrecognized_keys') {
    const field = formatIssuePath([...issue.path, issue.keys[0] ?? '']);
    return new OpenAiRequestError(field, `Unrecognized request argument supplied: ${issue.keys.join(', ')}`);
  }
  const field = formatIssuePath(issue.path);
  return new OpenAiRequestError(field, `Invalid request: ${field}: ${issue.message}`);
}

/**
 * Parses an OpenAI-compatible body. Policy (specs/openai-api.md): `null` top-level fields are dropped; fields
 * that would change the answer and cannot be honoured are refused by name; unknown fields are refused by name,
 * as OpenAI's own API and `POST /v1/tasks` do, so a typo never passes silently.
 */
export function parseOpenAiBody<Schema extends z.ZodType>(
  rawBody: string,
  schema: Schema,
  unsupported: readonly UnsupportedField[],
): z.output<Schema> {
  const body = dropNullFields(parseJsonObjectBody(rawBody));
  refuseUnsupportedFields(body, unsupported);
  const result = schema.safeParse(body);
  if (!result.success) throw refusalOf(result.error.issues[0] as z.core.$ZodIssue);
  return result.data;
}
