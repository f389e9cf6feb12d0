// The Node.js host for the CLI and the extension: real files, real git, the system clock.
import { promises as fsp, readFile as readFileCallback, stat as statCallback, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import type { FileSystemHost, GitHost, Host, Logger } from '../core/host';
import { systemClock } from '../core/host';
import { toPosix } from '../core/paths';

export const nodeFileSystem: FileSystemHost = {
  readFile(path) {
    // The callback API: a scan reads thousands of files, and fs.promises.readFile costs twice as much each.
    return new Promise((resolve, reject) => readFileCallback(path, (error, data) => (error ? reject(error) : resolve(data))));
  },
  async writeFile(path, data) {
    await fsp.writeFile(path, data, 'utf8');
  },
  async appendFile(path, data) {
    await fsp.appendFile(path, data, 'utf8');
  },
  async createFile(path, data) {
    try {
      await fsp.writeFile(path, data, { encoding: 'utf8', flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  },
  async readDirectory(path) {
    const entries = await fsp.readdir(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }));
  },
  stat(path) {
    // The callback API, as for readFile: a warm scan stats every file.
    return new Promise((resolve) =>
      statCallback(path, (error, s) => resolve(error ? undefined : { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size, mtimeMs: s.mtimeMs })),
    );
  },
  async mkdir(path) {
    await fsp.mkdir(path, { recursive: true });
  },
};

/**
 * The file system for a process that has nothing else to do while it waits (the CLI): it
 * stats without a round trip through the thread pool, a third of the time, and a warm
 * `baton lint --cache` stats every file. Reads stay asynchronous, beside the parse workers.
 */
export const blockingFileSystem: FileSystemHost = {
  ...nodeFileSystem,
  async stat(path) {
    // Any failure (missing, not a folder, no permission) is no file, as for nodeFileSystem.
    try {
      const s = statSync(path, { throwIfNoEntry: false });
      return s && { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return undefined;
    }
  },
};

/**
 * Writes a file whole or not at all: to a temporary file beside it, then renamed over it, so
 * a reader (or another run) never sees half of it.
 */
export async function replaceFile(file: string, data: string | Iterable<Buffer>): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(temp, data);
  await fsp.rename(temp, file);
}

/** git in `cwd`, with arguments passed as an array (never through a shell). */
export function nodeGit(cwd: string, env: NodeJS.ProcessEnv = process.env): GitHost {
  const run = (args: readonly string[], onChunk?: (chunk: string) => void, input?: string) =>
    new Promise<string>((resolve, reject) => {
      // No stdin unless there is input: git may exit before reading it (EPIPE).
      const child = spawn('git', args as string[], { cwd, env: { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => (onChunk ? onChunk(chunk) : (out += chunk)));
      child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err.trim() || `git ${args[0]} exited with ${code}`))));
      if (input !== undefined && child.stdin) {
        child.stdin.on('error', () => {});
        child.stdin.end(input);
      }
    });
  return {
    run: (args, options) => run(args, undefined, options?.input),
    stream: async (args, onChunk) => {
      await run(args, onChunk);
    },
    pipe: (args, onData) => {
      const child = spawn('git', args as string[], { cwd, env: { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let err = '';
      const exited = new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => onData(chunk));
        child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(err.trim() || `git ${args[0]} exited with ${code}`))));
      });
      // Reported by end(); until then it must not count as unhandled.
      exited.catch(() => undefined);
      // Git may exit early (a failure): its error is what end() reports, not the broken pipe.
      child.stdin!.on('error', () => {});
      return {
        write: (line) => void child.stdin!.write(line),
        end: () => {
          child.stdin!.end();
          return exited;
        },
      };
    },
  };
}

export function consoleLogger(stderr: NodeJS.WritableStream): Logger {
  return {
    info: () => {},
    warn: (m) => stderr.write(`warning: ${m}\n`),
    error: (m) => stderr.write(`error: ${m}\n`),
  };
}

/** The OS account name, or undefined where the system has none to give (some containers). */
export function osUser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return env.USER || env.USERNAME || undefined;
  }
}

export function nodeHost(options: { cwd: string; logger: Logger; git?: boolean; blocking?: boolean }): Host {
  return { fs: options.blocking ? blockingFileSystem : nodeFileSystem, clock: systemClock, logger: options.logger, git: options.git === false ? undefined : nodeGit(options.cwd), user: osUser() };
}

export function absolute(path: string): string {
  return toPosix(path);
}
