// Real temporary git repositories with commit times set through GIT_AUTHOR_DATE and
// GIT_COMMITTER_DATE, and an engine opened on them with a fixed clock.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Engine } from '../../../extension/core/engine';
import type { Host } from '../../../extension/core/host';
import { nodeFileSystem, nodeGit } from '../../../extension/node-host/node-host';
import { quietLogger } from './memory-host';

const BASE_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Zhang San',
  GIT_AUTHOR_EMAIL: 'zhangsan@example.com',
  GIT_COMMITTER_NAME: 'Zhang San',
  GIT_COMMITTER_EMAIL: 'zhangsan@example.com',
  LC_ALL: 'C',
};

export class TempRepo {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), 'baton-git-')).replace(/\\/g, '/');
    if (!dir) this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: BASE_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Runs git with both dates set to `at`. */
  gitAt(at: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: { ...BASE_ENV, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(files: Record<string, string>): this {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.dir, path)), { recursive: true });
      writeFileSync(join(this.dir, path), text);
    }
    return this;
  }

  move(from: string, to: string): this {
    mkdirSync(dirname(join(this.dir, to)), { recursive: true });
    renameSync(join(this.dir, from), join(this.dir, to));
    return this;
  }

  /** Stages everything and commits at `at` (ISO 8601 with offset); returns the hash. */
  commit(message: string, at: string): string {
    this.git('add', '-A');
    this.gitAt(at, 'commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A host on the real file system and git, with a fixed clock. */
export function gitHost(dir: string, now: Date, git = true): Host {
  return { fs: nodeFileSystem, clock: { now: () => now }, logger: quietLogger, git: git ? nodeGit(dir, { ...BASE_ENV }) : undefined };
}

/** An engine over `dir`, scanned, with in-process parsing. */
export async function openRepoEngine(dir: string, now: Date, git = true): Promise<Engine> {
  const engine = await Engine.open(gitHost(dir, now, git), dir);
  await engine.scan();
  return engine;
}

export const doc = (id: string, extra: string, body = '正文。') =>
  `---\nid: ${id}\ntitle: 文档 ${id}\ntype: article\nowner: zhangsan\nstatus: published\n${extra}---\n\n## 概述\n\n${body}\n`;
