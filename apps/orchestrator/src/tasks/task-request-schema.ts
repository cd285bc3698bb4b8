import { z } from 'zod';

const MAX_STOP_STRINGS = 16;

/** JSON body of `POST /v1/tasks`. Unknown fields are refused so that typos never pass silently. */
export const taskRequestSchema = z
  .strictObject({
    model: z.string().min(1).max(256),
    prompt: z.string().optional(),
    messages: z
      .array(
        z.strictObject({
          role: z.enum(['system', 'user', 'assistant']),
          content: z.string(),
        }),
      )
      .min(1)
      .max(1024)
      .optional(),
    max_tokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(5).optional(),
    top_p: z.number().gt(0).max(1).optional(),
    top_k: z.number().int().min(0).max(100_000).optional(),
    min_p: z.number().min(0).max(1).optional(),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    stop: z
      .union([z.string().min(1).max(256), z.array(z.string().min(1).max(256)).max(MAX_STOP_STRINGS)])
      .optional(),
    task_id: z
      .string()
      .regex(
        /^[A-Za-z0-9._:-]{1,128}$/,
        'expected 1-128 characters among letters, digits, ".", "_", ":" and "-"',
      )
      .optional(),
    priority: z.enum(['interactive', 'batch']).default('interactive'),
    deadline_ms: z.number().int().positive().max(86_400_000).optional(),
    /** Structured output (specs/api.md, ORCH-API-020); the schema itself is checked by parseTaskRequest. */
    response_format: z
      .discriminatedUnion('type', [
        z.strictObject({ type: z.literal('json_object') }),
        z.strictObject({
          type: z.literal('json_schema'),
          schema: z.record(z.string(), z.unknown()),
          name: z
            .string()
            .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, "_" or "-"')
            .optional(),
        }),
      ])
      .optional(),
    /** `strict`: only deterministic replicas, verified failover (specs/determinism.md). */
    determinism: z.enum(['strict', 'best_effort']).default('best_effort'),
  })
  .refine((body) => (body.prompt === undefined) !== (body.messages === undefined), {
    message: 'exactly one of "prompt" and "messages" is required',
    path: ['prompt'],
  });

/** A syntactically valid task request. */
export type TaskRequest = z.infer<typeof taskRequestSchema>;
