// Real temporary folders holding a small KB, and the CLI run against them.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../../extension/cli/main';

export function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs main() in-process, as the bin does, with captured output. */
export async function runCli(cwd: string, argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd,
    env: { LANG: 'en_US.UTF-8', NO_COLOR: '1', ...env },
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

export const CLI_BUNDLE = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** Runs the built bundle as a real process (npm test builds it first). */
export function runBuiltCli(cwd: string, argv: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI_BUNDLE, ...argv], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export const article = (id: string, title: string, body = '正文。', extra = '') =>
  `---\nid: ${id}\ntitle: ${title}\ntype: article\nowner: zhangsan\nstatus: published\n${extra}---\n\n## 概述\n\n${body}\n`;
