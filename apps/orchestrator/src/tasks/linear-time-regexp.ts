import { RE2JS } from 're2js';

/** What Ajv needs of a compiled pattern. */
interface PatternMatcher {
  test(text: string): boolean;
}

/**
 * The regular-expression engine of schema validation (ORCH-SEC-012): RE2's automaton, whose matching time
 * grows linearly with the text, so a client's `pattern` (`^(a|aa)*!$`) cannot stall the event loop the way a
 * backtracking `RegExp` does. Patterns RE2 cannot run in linear time (look-around, back-references) do not
 * compile, and the schema is refused with a 400. Ajv passes its flags (`u`); RE2 matches code points anyway.
 */
export function compileLinearTimeRegExp(pattern: string): PatternMatcher {
  const compiled = RE2JS.compile(pattern);
  return { test: (text) => compiled.test(text) };
}

// Ajv reads `code` only when it writes standalone validation code, which the orchestrator never does.
compileLinearTimeRegExp.code = 'compileLinearTimeRegExp';
