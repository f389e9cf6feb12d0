// A markdown-it plugin for VS Code's Markdown preview: a progress bar under every heading
// whose section holds tasks, counted by the same parser and rules as the view and the CLI.
import { parseMarkdown } from '../../../core/markdown';
import { LineIndex } from '../../../core/text';
import { percent, type Progress } from '../../../core/checklists';

// The small part of markdown-it's API the plugin touches.
interface Token {
  type: string;
  map: [number, number] | null;
  content: string;
  block: boolean;
}
interface StateCore {
  src: string;
  tokens: Token[];
  Token: new (type: string, tag: string, nesting: number) => Token;
}
export interface MarkdownIt {
  core: { ruler: { push(name: string, rule: (state: StateCore) => void): void } };
}

/** Leaf counts per heading line (0-based), each heading counting its subheadings too. */
export function headingProgress(src: string): Map<number, Progress> {
  const parsed = parseMarkdown(src, new LineIndex(src));
  const { headings, tasks } = parsed;
  const parents = headings.map(() => -1);
  const open: number[] = [];
  headings.forEach((h, i) => {
    while (open.length > 0 && headings[open[open.length - 1]].depth >= h.depth) open.pop();
    parents[i] = open.length > 0 ? open[open.length - 1] : -1;
    open.push(i);
  });
  const hasChildren = new Set(tasks.map((t) => t.parent).filter((p) => p >= 0));
  const totals = headings.map(() => ({ done: 0, total: 0 }));
  tasks.forEach((task, i) => {
    if (hasChildren.has(i)) return;
    for (let h = task.heading; h >= 0; h = parents[h]) {
      totals[h].total++;
      if (task.checked) totals[h].done++;
    }
  });
  const byLine = new Map<number, Progress>();
  headings.forEach((h, i) => {
    if (totals[i].total > 0) byLine.set(h.range.line - 1, totals[i]);
  });
  return byLine;
}

export function progressBarHtml(progress: Progress, label: (p: Progress) => string): string {
  const pct = percent(progress);
  const complete = progress.done === progress.total;
  const fill = complete ? 'var(--vscode-testing-iconPassed, #388a34)' : 'var(--vscode-progressBar-background, #0e70c0)';
  const text = `${progress.done}/${progress.total} · ${pct}%`;
  return (
    `<div class="baton-progress" role="progressbar" aria-valuemin="0" aria-valuemax="${progress.total}" aria-valuenow="${progress.done}" title="${escapeHtml(label(progress))}" ` +
    `style="display:flex;align-items:center;gap:8px;margin:-4px 0 12px;font-size:0.85em;opacity:0.9">` +
    `<div style="flex:0 0 180px;height:6px;border-radius:3px;background:rgba(128,128,128,0.25);overflow:hidden">` +
    `<div style="width:${pct}%;height:100%;background:${fill}"></div></div>` +
    `<span>${text}</span></div>\n`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Adds the progress bars to a markdown-it instance; `label` words the tooltip. */
export function checklistPreviewPlugin(md: MarkdownIt, label: (p: Progress) => string): MarkdownIt {
  md.core.ruler.push('baton_checklist_progress', (state) => {
    if (!/\[[ xX]\]/.test(state.src)) return;
    let progress: Map<number, Progress>;
    try {
      progress = headingProgress(state.src);
    } catch {
      return; // a preview without bars beats a preview that fails to render
    }
    if (progress.size === 0) return;
    const out: Token[] = [];
    let pending: Progress | undefined;
    for (const token of state.tokens) {
      out.push(token);
      if (token.type === 'heading_open' && token.map) pending = progress.get(token.map[0]);
      if (token.type === 'heading_close' && pending) {
        const bar = new state.Token('html_block', '', 0);
        bar.content = progressBarHtml(pending, label);
        bar.block = true;
        out.push(bar);
        pending = undefined;
      }
    }
    state.tokens = out;
  });
  return md;
}
