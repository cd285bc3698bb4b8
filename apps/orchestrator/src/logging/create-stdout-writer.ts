import { writeSync } from 'node:fs';

/** Bytes of log lines held before they are written at once, whatever the turn of the event loop. */
const FLUSH_AT_BYTES = 64 * 1024;

/**
 * The default log sink: lines written during one turn of the event loop go to stdout in one write (a busy server
 * logs several lines per task; one write each would be a system call each). Whatever is held is written
 * synchronously when the process exits, so no line is lost to an exit or a crash handler.
 */
export function createStdoutWriter(): (line: string) => void {
  shared ??= createWriter();
  return shared;
}

/** One writer per process: every logger that writes to stdout shares its buffer and its exit hook. */
let shared: ((line: string) => void) | undefined;

function createWriter(): (line: string) => void {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending;
    pending = '';
    process.stdout.write(text);
  };
  process.once('exit', () => {
    if (pending.length > 0) writeSync(1, pending);
    pending = '';
  });
  return (line) => {
    pending += line;
    if (pending.length >= FLUSH_AT_BYTES) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}
