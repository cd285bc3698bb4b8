/** A llama-server started by `startLlamaServer`, answering on 127.0.0.1. */
export interface RunningLlamaServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The port the server listens on. */
  port: number;
  /** Process id of the server; also its process group id. */
  pid: number;
  /** GGUF file the server loaded. */
  modelPath: string;
  /** SHA-256 of the model file (hex), or `undefined` for a `modelPath` given by the caller. */
  modelSha256: string | undefined;
  /** First line of `llama-server --version`, e.g. `version: 0.7.0 (build 11669, commit Debian)`. */
  version: string;
  /** The command line arguments the server was started with. */
  args: readonly string[];
  /** Milliseconds from spawn until `/health` answered 200. */
  startupMs: number;
  /** Settles when the server process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM to the process group, SIGKILL after the grace period; resolves once the process has exited. */
  stop(): Promise<void>;
  /** Sends a signal to the server's process group at once (e.g. `SIGKILL` to simulate a crash). */
  kill(signal?: NodeJS.Signals): void;
  /** The last lines the server wrote to stdout and stderr. */
  logTail(lines?: number): string;
}
