import { REDACTED, redactSecrets } from '@orch/adapter-api';

const SECRET_NAME = /(api[-_]?key|token|secret|password|passwd|credential)/i;

/**
 * Copies engine arguments for a log line with secret values hidden: the value after a flag whose name
 * looks secret (`--api-key sk-…`, `--hf-token=…`), plus anything `redactSecrets` recognises.
 */
export function redactLaunchArgs(args: readonly string[], knownSecrets: readonly string[] = []): string[] {
  return args.map((arg, index) => {
    const previous = index > 0 ? args[index - 1] : undefined;
    if (previous?.startsWith('-') && !previous.includes('=') && SECRET_NAME.test(previous)) return REDACTED;
    const equals = arg.indexOf('=');
    if (arg.startsWith('-') && equals > 0 && SECRET_NAME.test(arg.slice(0, equals))) {
      return `${arg.slice(0, equals + 1)}${REDACTED}`;
    }
    return redactSecrets(arg, knownSecrets);
  });
}

/** Values of environment variables whose names look secret (to scrub from logged output). */
export function collectSecretValues(env: Readonly<Record<string, string>> | undefined): string[] {
  if (!env) return [];
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value.length >= 4)
    .map(([, value]) => value);
}
