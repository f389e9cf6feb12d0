// Owners named in a repository's CODEOWNERS file, for completing `owner` and `reviewers`.
import type { FileSystemHost } from './host';
import { join } from './paths';

/** Where GitHub and GitLab look for the file, in their order. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** The distinct owners of a CODEOWNERS text: `@user` and `@org/team` without the `@`, and e-mail addresses. */
export function parseCodeowners(text: string): string[] {
  const owners = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || /^\[.*\]/.test(line) || /^\^?\[/.test(line)) continue; // blank, comment or a GitLab section
    const [, ...names] = line.split(/\s+/);
    for (const name of names) {
      if (name.startsWith('@') && name.length > 1) owners.add(name.slice(1));
      else if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(name)) owners.add(name);
    }
  }
  return [...owners];
}

/** Owners from the first CODEOWNERS file found under `rootDir`; none when there is no file. */
export async function readCodeowners(fs: FileSystemHost, rootDir: string): Promise<string[]> {
  for (const location of CODEOWNERS_LOCATIONS) {
    const path = join(rootDir, location);
    const stat = await fs.stat(path);
    if (!stat?.isFile) continue;
    return parseCodeowners(new TextDecoder().decode(await fs.readFile(path)));
  }
  return [];
}
