/**
 * ChatML as a Jinja template (`tokenizer.chat_template`). llama-server renders it with its Jinja engine,
 * and its legacy template detection also recognises it by the `<|im_start|>` marker.
 */
export const TINY_CHAT_TEMPLATE =
  "{%- for message in messages -%}{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + " +
  "'<|im_end|>' + '\\n' -}}{%- endfor -%}{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}" +
  '{%- endif -%}';
