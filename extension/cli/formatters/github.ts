// --format github: workflow commands, so findings become annotations on the changed lines.
import type { Formatter } from './index';

/** Escapes a workflow command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

export const formatGithub: Formatter = (findings, ctx) =>
  findings
    .map((f) => {
      const props = [
        `file=${escapeProperty(ctx.display(f.file))}`,
        `line=${f.range.line}`,
        `col=${f.range.column}`,
        `endLine=${f.range.endLine}`,
        `endColumn=${f.range.endColumn}`,
        `title=${escapeProperty(`baton(${f.ruleId})`)}`,
      ];
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(ctx.t.m(f.message))}\n`;
    })
    .join('');
