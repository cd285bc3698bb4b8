import type { z } from 'zod';
import { ConfigError } from '../config/config-error.js';
import { formatIssuePath } from '../config/format-issue-path.js';
import type { AdapterFactoryInput } from './adapter-factory-input.js';

/** Validates a replica's engine-specific `options`, naming the offending field on failure. */
export function parseAdapterOptions<Schema extends z.ZodType>(
  schema: Schema,
  input: AdapterFactoryInput,
): z.infer<Schema> {
  const result = schema.safeParse(input.replica.options ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  - ${input.configPath}.options.${formatIssuePath(issue.path)}: ${issue.message}`,
  );
  throw new ConfigError(`invalid ${input.pool.engine} options:\n${lines.join('\n')}`);
}
