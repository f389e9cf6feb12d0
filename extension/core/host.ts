// The host the engine runs in. The CLI, the extension and the tests each pass their own;
// the engine never touches the file system, git, the clock or the process directly.

export interface FileStat {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface FileSystemHost {
  /** Reads a file as bytes. Paths are absolute, with forward slashes. */
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: string): Promise<void>;
  /** Adds to the end of a file (creating it); hosts without it get whole-file writes instead. */
  appendFile?(path: string, data: string): Promise<void>;
  /** Creates a file only when it does not exist yet; resolves false when it does. */
  createFile?(path: string, data: string): Promise<boolean>;
  readDirectory(path: string): Promise<Array<{ name: string; isDirectory: boolean; isFile: boolean }>>;
  stat(path: string): Promise<FileStat | undefined>;
  mkdir?(path: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Runs git in the workspace. Absent outside a repository or where git must not run. */
export interface GitHost {
  /** Runs git with the given arguments and returns stdout; rejects on a non-zero exit. */
  run(args: readonly string[], options?: { input?: string }): Promise<string>;
  /** Streams stdout of a long-running git command, one chunk at a time. */
  stream(args: readonly string[], onChunk: (chunk: string) => void): Promise<void>;
  /**
   * Starts a git command that answers lines written to its stdin as they come (`cat-file
   * --batch`), with stdout as bytes, chunk by chunk. `end()` closes stdin and resolves when
   * git has exited, or rejects on a non-zero exit.
   */
  pipe(args: readonly string[], onData: (chunk: Uint8Array) => void): GitPipe;
}

export interface GitPipe {
  write(line: string): void;
  end(): Promise<void>;
}

export interface Host {
  readonly fs: FileSystemHost;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly git?: GitHost;
  /** The account running Baton (the OS user), for `{{author}}` when git has no user.name. */
  readonly user?: string;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export const systemClock: Clock = { now: () => new Date() };
