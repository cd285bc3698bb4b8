import { z } from 'zod';
import { compileChatTemplate } from './compile-chat-template.js';

/**
 * Who turns chat `messages` into the prompt text. `engine` (default): the engine applies the model's
 * template itself (each engine build with its own template engine). `orchestrator`: the orchestrator renders
 * `template` once and sends the same prompt text to every replica, whatever its build (ORCH-DET-070).
 */
export const chatTemplateSchema = z
  .strictObject({
    render: z.enum(['engine', 'orchestrator']).default('engine'),
    /** The model's chat template (Jinja, as in its tokenizer_config.json or GGUF `tokenizer.chat_template`). */
    template: z.string().min(1).max(65_536).optional(),
    /** Value of `bos_token` in the template; default "" because engines add BOS to a text prompt themselves. */
    bos_token: z.string().max(64).default(''),
    /** Value of `eos_token` in the template. */
    eos_token: z.string().max(64).default(''),
  })
  .superRefine((value, context) => {
    if (value.render === 'orchestrator' && value.template === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['template'],
        message: 'render "orchestrator" needs the model\'s chat template in "template"',
      });
      return;
    }
    if (value.template === undefined) return;
    try {
      compileChatTemplate(value.template);
    } catch (error) {
      context.addIssue({
        code: 'custom',
        path: ['template'],
        message: `not a valid chat template: ${(error as Error).message}`,
      });
    }
  });

/** A pool's validated `chat_template` section. */
export type ChatTemplateConfig = z.infer<typeof chatTemplateSchema>;
