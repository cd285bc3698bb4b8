import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { EngineStartError } from './engine-start-error.js';

/**
 * Finds the file that `command` names, the way a shell would (a name with a slash is a path relative to
 * `cwd`, a bare name is looked up on `PATH`), and checks that it may be executed. Doing this before the
 * spawn turns a typo into an immediate, clear error instead of a shell's exit code 127.
 */
export async function resolveExecutable(command: string, pathVariable: string, cwd: string): Promise<string> {
  if (command === '') throw new EngineStartError('invalid_launch_spec', 'launch.command is empty');
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    await assertExecutable(path, command);
    return path;
  }
  for (const folder of pathVariable.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  throw new EngineStartError(
    'binary_not_found',
    `engine binary "${command}" was not found on PATH (${pathVariable || 'empty'})`,
  );
}

async function assertExecutable(path: string, shown: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new EngineStartError('binary_not_found', `engine binary not found: ${shown} (ENOENT)`, {
      cause: error,
    });
  }
  if (!info.isFile()) {
    throw new EngineStartError('binary_not_executable', `engine binary is not a file: ${shown}`);
  }
  try {
    await access(path, constants.X_OK);
  } catch (error) {
    throw new EngineStartError(
      'binary_not_executable',
      `engine binary is not executable: ${shown} (EACCES)`,
      {
        cause: error,
      },
    );
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
