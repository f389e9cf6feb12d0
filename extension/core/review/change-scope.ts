// The findings a set of changes causes in documents it did not touch: a renamed or deleted
// target breaks links elsewhere, a changed id breaks references or collides with another.
// Found by comparing those documents' cross-file findings with the KB as it is and as it was.
import type { Engine } from '../engine';
import { splitFrontmatter } from '../frontmatter';
import { LineIndex } from '../text';
import type { Finding } from '../types';
import type { FileChange } from './git-changes';

/** Paths (now) of the changed files that are documents in the index. */
export function changedDocuments(engine: Engine, changes: FileChange[]): string[] {
  return changes.filter((c) => c.status !== 'deleted' && engine.index.get(c.path)).map((c) => c.path);
}

function findingKey(f: Finding): string {
  const r = f.range;
  return [f.ruleId, f.severity, r.line, r.column, r.endLine, r.endColumn, f.message.text, JSON.stringify(f.message.args ?? [])].join('\u0000');
}

function idIn(text: string): string | undefined {
  try {
    const id = splitFrontmatter(text, new LineIndex(text)).data.id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Findings in unchanged documents that exist now but did not before the changes. `before`
 * gives a file's text before the changes (by its old path), or undefined when it had none.
 *
 * It works by putting the old versions back into the engine's index and asking again, so the
 * engine is left as the KB was before the changes: call it last, when nothing else needs it.
 */
export async function findingsCausedBy(engine: Engine, changes: FileChange[], before: (path: string) => string | undefined): Promise<Finding[]> {
  const { index } = engine;
  const changed = new Set(changedDocuments(engine, changes));
  const touched = new Set<string>();
  const ids = new Set<string>();
  for (const c of changes) {
    touched.add(c.path);
    if (c.oldPath) touched.add(c.oldPath);
    const now = index.get(c.path)?.id;
    if (now) ids.add(now);
    const old = before(c.oldPath ?? c.path);
    const oldId = old === undefined ? undefined : idIn(old);
    if (oldId) ids.add(oldId);
  }
  const candidates = new Set<string>();
  for (const path of touched) for (const from of index.incoming(path)) candidates.add(from);
  for (const id of ids) {
    for (const path of index.mentionedBy(id)) candidates.add(path);
    for (const path of index.byId(id)) candidates.add(path);
  }
  for (const path of [...candidates]) if (changed.has(path) || touched.has(path) || !index.get(path)) candidates.delete(path);
  if (candidates.size === 0) return [];

  const after = new Map([...candidates].map((path) => [path, engine.findings(path)]));

  // Back to how it was: new files and new names out first, then old versions and old names in
  // (so two files that swapped names end up right), a few analyses at a time.
  for (const c of changes) {
    if (c.status === 'added' || c.status === 'renamed') {
      if (index.get(c.path)) engine.remove(c.path);
      else index.removeFile(c.path);
    }
  }
  const restore = async (path: string, wasThere: boolean) => {
    const text = before(path);
    if (text !== undefined && (engine.isDocument(path) || index.get(path))) await engine.update(path, text);
    else if (!wasThere) index.addFile(path);
  };
  const queue = changes.filter((c) => c.status !== 'added');
  let next = 0;
  const workers = Array.from({ length: 8 }, async () => {
    for (let c = queue[next++]; c !== undefined; c = queue[next++]) {
      if (c.status === 'modified') await restore(c.path, true);
      else await restore(c.oldPath ?? c.path, false);
    }
  });
  await Promise.all(workers);

  const caused: Finding[] = [];
  for (const [path, now] of after) {
    const was = new Map<string, number>();
    for (const f of engine.findings(path)) was.set(findingKey(f), (was.get(findingKey(f)) ?? 0) + 1);
    for (const f of now) {
      const key = findingKey(f);
      const n = was.get(key) ?? 0;
      if (n > 0) was.set(key, n - 1);
      else caused.push(f);
    }
  }
  return caused;
}
