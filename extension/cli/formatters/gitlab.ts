// --format gitlab: the GitLab Code Quality report (artifacts:reports:codequality), a JSON array
// of Code Climate issues that GitLab shows in merge requests.
import { createHash } from 'node:crypto';
import type { Finding } from '../../core/types';
import type { Formatter } from './index';

const SEVERITY = { error: 'major', warning: 'minor', info: 'info' } as const;

/**
 * A fingerprint that survives edits elsewhere in the file: the rule, the file, the English
 * message and which occurrence of that triple it is, but not the line. GitLab compares
 * fingerprints between the source and target branch to tell new issues from old ones.
 */
export function fingerprints(findings: Finding[], path: (f: Finding) => string): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = [f.ruleId, path(f), f.message.text, ...(f.message.args ?? []).map(String)].join('\u0000');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32);
  });
}

export const formatGitlab: Formatter = (findings, ctx) => {
  const path = (f: Finding) => ctx.display(f.file).replace(/^\.\//, '');
  const prints = fingerprints(findings, path);
  const issues = findings.map((f, i) => ({
    type: 'issue',
    check_name: `baton/${f.ruleId}`,
    description: ctx.t.m(f.message),
    categories: ['Style'],
    fingerprint: prints[i],
    severity: SEVERITY[f.severity],
    location: { path: path(f), lines: { begin: f.range.line, end: Math.max(f.range.line, f.range.endLine) } },
  }));
  return JSON.stringify(issues, null, 2) + '\n';
};
