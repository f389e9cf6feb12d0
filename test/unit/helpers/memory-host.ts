// An in-memory host for engine tests: files from a record, a fixed clock, no git.
import type { FileStat, Host, Logger } from '../../../extension/core/host';
import { dirname } from '../../../extension/core/paths';

export class MemoryFileSystem {
  readonly files = new Map<string, Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.put(path, content);
  }

  put(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  text(path: string): string {
    const bytes = this.files.get(path);
    if (!bytes) throw new Error(`no file ${path}`);
    return new TextDecoder().decode(bytes);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const bytes = this.files.get(path);
    if (!bytes) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return bytes;
  }

  async writeFile(path: string, data: string): Promise<void> {
    this.put(path, data);
  }

  async createFile(path: string, data: string): Promise<boolean> {
    if (this.files.has(path)) return false;
    this.put(path, data);
    return true;
  }

  async mkdir(): Promise<void> {}

  async readDirectory(path: string): Promise<Array<{ name: string; isDirectory: boolean; isFile: boolean }>> {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const entries = new Map<string, boolean>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) entries.set(rest, false);
      else entries.set(rest.slice(0, slash), true);
    }
    return [...entries].map(([name, isDirectory]) => ({ name, isDirectory, isFile: !isDirectory }));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const bytes = this.files.get(path);
    if (bytes) return { isFile: true, isDirectory: false, size: bytes.byteLength, mtimeMs: 0 };
    const prefix = `${path.replace(/\/$/, '')}/`;
    for (const file of this.files.keys()) {
      if (file.startsWith(prefix)) return { isFile: false, isDirectory: true, size: 0, mtimeMs: 0 };
    }
    return undefined;
  }
}

export const quietLogger: Logger = { info() {}, warn() {}, error() {} };

/** A host over in-memory files rooted at /repo, with a fixed "now". */
export function memoryHost(files: Record<string, string | Uint8Array>, now = new Date('2026-11-23T10:00:00+08:00')): Host & { fs: MemoryFileSystem } {
  return { fs: new MemoryFileSystem(files), clock: { now: () => now }, logger: quietLogger };
}

export { dirname };
