// --format json: one flat object per finding, 1-based positions, paths relative to the cwd.
import type { Formatter } from './index';

export const formatJson: Formatter = (findings, ctx) =>
  JSON.stringify(
    findings.map((f) => ({
      file: ctx.display(f.file),
      line: f.range.line,
      column: f.range.column,
      endLine: f.range.endLine,
      endColumn: f.range.endColumn,
      ruleId: f.ruleId,
      severity: f.severity,
      message: ctx.t.m(f.message),
      fixable: (f.fixes?.length ?? 0) > 0,
    })),
    null,
    2,
  ) + '\n';
