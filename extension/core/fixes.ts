// Applying fixes: the same data the CLI's --fix and the editor's quick fixes use.
import type { Finding, Fix, TextEdit } from './types';

/**
 * Applies non-overlapping edits; an edit that overlaps one already taken is skipped.
 * Insertions at the same offset land in the order given (two missing sections keep theirs).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number } {
  const sorted = edits.map((edit, i) => ({ edit, i })).sort((a, b) => b.edit.start - a.edit.start || b.edit.end - a.edit.end || b.i - a.i).map((e) => e.edit);
  let out = text;
  let applied = 0;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit || edit.start < 0 || edit.end > text.length || edit.start > edit.end) continue;
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
    applied++;
  }
  return { text: out, applied };
}

/** The fix a fix-all applies for a finding: its preferred fix, or its only one. */
export function autoFix(finding: Finding): Fix | undefined {
  const fixes = finding.fixes ?? [];
  return fixes.find((f) => f.preferred) ?? (fixes.length === 1 ? fixes[0] : undefined);
}

/**
 * Edits of every auto-fixable finding, with whole fixes skipped when they overlap another.
 * Insertions at the same point do not overlap (each missing field is added); the same edit twice does.
 */
export function fixAllEdits(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) =>
    (a.start < b.end && b.start < a.end) || (a.start === b.start && a.end === b.end && (a.start !== a.end || a.text === b.text));
  for (const finding of findings) {
    const fix = autoFix(finding);
    if (!fix) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
  }
  return taken;
}
