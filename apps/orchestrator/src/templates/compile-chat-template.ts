import { Template } from '@huggingface/jinja';

const compiled = new Map<string, Template>();

/** Parses a Jinja chat template once (cached by its text); throws on a syntax error. */
export function compileChatTemplate(source: string): Template {
  let template = compiled.get(source);
  if (template === undefined) {
    template = new Template(source);
    compiled.set(source, template);
  }
  return template;
}
