// checklist-syntax: lines written as tasks that Markdown does not read as tasks
// (`- []`, `-[ ]`, `- [ ]text`, `- 【 】`, `- [√]`), so they are missing from every count.
import { msg } from '../message';
import type { FileRule } from '../rule';
import type { Fix } from '../types';

// Optional indent and blockquote markers, a bullet, then something bracketed that is at most one
// check mark. No two runs of the same characters touch, so a long line cannot make it backtrack.
const LOOKS_LIKE_TASK = /^([ \t]*(?:>[ \t]*)*)([-*+]|\d{1,9}[.)])([ \t]*)([[【［])([ \t\u00a0\u3000]{0,3})([xX√✓✔]?)([ \t\u00a0\u3000]{0,3})([\]】］])(.*)$/u;

export const checklistSyntaxRule: FileRule = {
  id: 'checklist-syntax',
  scope: 'file',
  defaultSeverity: 'warning',
  description: msg('Lines that look like tasks are tasks'),
  docs: 'A list line that looks like a task but is not one in GitHub Markdown is left out of every progress count. Reported: no space after the bullet (`-[ ]`), empty brackets (`- []`), no space after the box (`- [ ]text`), full-width brackets or spaces from a Chinese input method (`- 【 】`, `- [　]`), check marks other than x (`- [√]`), a task with no text, and a task line that continues a paragraph. The fix rewrites the marker as `- [ ] ` or `- [x] `; code blocks, HTML and tables are never touched.',
  check({ doc, text, lines }, report) {
    if (doc.limit) return;
    const taskLines = new Set(doc.tasks.map((t) => t.range.line));
    const skipped = new Set<number>();
    for (const [from, to] of doc.codeLines) for (let l = from; l <= to; l++) skipped.add(l);
    for (let line = 1; line <= lines.lineCount; line++) {
      if (taskLines.has(line) || skipped.has(line)) continue;
      const lineText = lines.lineText(line);
      if (!lineText.includes('[') && !lineText.includes('【') && !lineText.includes('［')) continue;
      const m = LOOKS_LIKE_TASK.exec(lineText);
      if (!m) continue;
      const [, prefix, bullet, gap, open, padBefore, mark, padAfter, close, after] = m;
      // `- [x](url)` and `- [x][ref]` are links, not boxes.
      if (/^[([:]/.test(after)) continue;
      const lineStart = lines.lineStart(line);
      const start = lineStart + prefix.length;
      const boxEnd = start + bullet.length + gap.length + open.length + padBefore.length + mark.length + padAfter.length + close.length;
      const range = lines.range(start, boxEnd);
      const checked = mark !== '';
      const box = `${open}${padBefore}${mark}${padAfter}${close}`;
      const canonical = gap.length > 0 && !gap.includes('\u3000') && (box === '[ ]' || box === '[x]' || box === '[X]') && (after === '' || /^[ \t]/.test(after));
      if (canonical) {
        if (after.trim() === '') {
          report({ range, message: msg('Task has no text, so Markdown does not read it as a task') });
          continue;
        }
        // A well-formed marker the parser still did not take: it continues the paragraph above.
        const previous = line > 1 ? lines.lineText(line - 1) : '';
        // Indented four columns, the line would turn into code once the paragraph ends: no fix then.
        const indent = prefix.replace(/\t/g, '    ').length;
        const fixes: Fix[] | undefined = previous.trim() !== '' && indent < 4 ? [{ title: msg('Add a blank line before it'), edits: [{ start: lineStart, end: lineStart, text: '\n' }] }] : undefined;
        report({ range, message: msg('Markdown reads this line as part of the paragraph above, not as a task; add a blank line before it'), fixes });
        continue;
      }
      const wanted = `${bullet} [${checked ? 'x' : ' '}]${after === '' || /^[ \t]/.test(after) ? '' : ' '}`;
      const written = text.slice(start, boxEnd);
      report({
        range,
        message: msg('"{0}" looks like a task but is not one; write "{1}"', written, wanted.trimEnd()),
        fixes: [{ title: msg('Make it a task: "{0}"', wanted.trimEnd()), edits: [{ start, end: boxEnd, text: wanted }], preferred: true }],
      });
    }
  },
};
