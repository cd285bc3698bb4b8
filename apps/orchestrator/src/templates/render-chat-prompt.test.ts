import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { ENGINE_MODULES } from '../engine-modules.js';
import { chatTemplateSchema } from './chat-template-schema.js';
import { renderChatPrompt } from './render-chat-prompt.js';

const CHATML =
  "{%- for m in messages -%}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}" +
  "{%- endfor -%}{%- if add_generation_prompt -%}{{ '<|im_start|>assistant\\n' }}{%- endif -%}";

const config = (template: string, extra: Record<string, unknown> = {}) =>
  chatTemplateSchema.parse({ render: 'orchestrator', template, ...extra });

describe('renderChatPrompt (ORCH-DET-070)', () => {
  it('renders the turns with the generation prompt, as Hugging Face tokenizers do', () => {
    const text = renderChatPrompt(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      config(CHATML),
    );
    expect(text).toBe(
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('passes bos_token and eos_token to the template', () => {
    const text = renderChatPrompt(
      [{ role: 'user', content: 'x' }],
      config('{{ bos_token }}{{ messages[0].content }}{{ eos_token }}', {
        bos_token: '<s>',
        eos_token: '</s>',
      }),
    );
    expect(text).toBe('<s>x</s>');
  });

  it("turns the template's raise_exception into invalid_request naming the reason", () => {
    const template =
      "{%- if messages[0]['role'] == 'system' -%}{{ raise_exception('System role not supported') }}{%- endif -%}" +
      '{{ messages[0].content }}';
    expect(() => renderChatPrompt([{ role: 'system', content: 's' }], config(template))).toThrowError(
      /System role not supported/,
    );
    try {
      renderChatPrompt([{ role: 'system', content: 's' }], config(template));
    } catch (error) {
      expect((error as { code?: string }).code).toBe('invalid_request');
    }
  });

  it('refuses a template that renders nothing', () => {
    expect(() => renderChatPrompt([{ role: 'user', content: 'x' }], config('{# nothing #}'))).toThrowError(
      /empty prompt/,
    );
  });
});

describe('the chat_template section of a pool (ORCH-DET-070)', () => {
  const pool = (chatTemplate: string) =>
    `pools:\n  - id: p\n    model: p\n    engine: mock\n    chat_template: ${chatTemplate}\n    replicas: [{ id: r0 }]\n`;

  it('defaults to the engine rendering the template', () => {
    expect(parseConfig(pool('{}'), 'c.yaml', ENGINE_MODULES).pools[0]?.chat_template.render).toBe('engine');
  });

  it('refuses render "orchestrator" without a template, naming the field', () => {
    expect(() => parseConfig(pool('{ render: orchestrator }'), 'c.yaml', ENGINE_MODULES)).toThrowError(
      /pools\[0\]\.chat_template\.template: render "orchestrator" needs/,
    );
  });

  it('refuses a template with a syntax error at load time', () => {
    expect(() =>
      parseConfig(
        pool('{ render: orchestrator, template: "{% for m in messages %}" }'),
        'c.yaml',
        ENGINE_MODULES,
      ),
    ).toThrowError(/pools\[0\]\.chat_template\.template: not a valid chat template/);
  });
});
