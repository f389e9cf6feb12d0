// Acknowledging a change that needs no edit: one text edit that writes `reviewed:` into the
// frontmatter, replacing an older one, and leaves every other byte as it was.
import { parseFrontmatter } from '../frontmatter';
import { msg } from '../message';
import { LineIndex } from '../text';
import type { Message, Range, TextEdit } from '../types';

export interface Acknowledgement {
  by: string;
  /** ISO 8601 with offset. */
  at: string;
  commit?: string;
  reason?: string;
}

export type AcknowledgeResult = { ok: true; edit: TextEdit; text: string } | { ok: false; message: Message; detail?: Message; range: Range };

/** YAML double-quoted scalar; JSON's escaping is valid YAML and keeps CJK text as it is. */
const quote = (value: string) => JSON.stringify(value);

export function acknowledgeEdit(text: string, ack: Acknowledgement): AcknowledgeResult {
  const lines = new LineIndex(text);
  const fm = parseFrontmatter(text, lines);
  if (fm.problem) return { ok: false, message: msg('Cannot acknowledge: fix the frontmatter first'), detail: fm.problem.message, range: fm.problem.range };
  if (!fm.range) return { ok: false, message: msg('Cannot acknowledge: the document has no frontmatter'), range: lines.lineRange(1) };

  const eol = /\r\n/.test(text.slice(0, lines.lineEnd(1) + 2)) ? '\r\n' : '\n';
  const indent = nestedIndent(text, lines, fm.keys) ?? '  ';
  const block =
    [
      'reviewed:',
      `${indent}by: ${quote(ack.by)}`,
      `${indent}at: ${quote(ack.at)}`,
      ...(ack.commit ? [`${indent}commit: ${quote(ack.commit)}`] : []),
      ...(ack.reason ? [`${indent}reason: ${quote(ack.reason)}`] : []),
    ].join(eol) + eol;

  const closing = fm.range.endLine;
  const existing = fm.keys.reviewed;
  let edit: TextEdit;
  if (existing) {
    const start = lines.lineStart(existing.key.line);
    // The old block ends on the line of the value's last character, never past the closing fence.
    const lastLine = Math.min(lines.lineOf(Math.max(existing.valueStart, existing.valueEnd - 1)), closing - 1);
    let end = lines.lineStart(lastLine + 1);
    if (lastLine + 1 > lines.lineCount) end = text.length;
    edit = { start, end, text: block };
  } else {
    const at = lines.lineStart(closing);
    edit = { start: at, end: at, text: block };
  }
  return { ok: true, edit, text: text.slice(0, edit.start) + edit.text + text.slice(edit.end) };
}

/** The indentation nested keys already use in this frontmatter, so the new block matches. */
function nestedIndent(text: string, lines: LineIndex, keys: Record<string, { key: Range }>): string | undefined {
  for (const [path, position] of Object.entries(keys)) {
    if (!path.includes('.') || /\.\d+$/.test(path)) continue;
    const line = lines.lineText(position.key.line);
    const m = /^[ ]+/.exec(line);
    if (m && position.key.column - 1 === m[0].length) return m[0];
  }
  return undefined;
}
