// Parses the Markdown body once and keeps only what the rules read: headings, sections,
// links, task items, tables and code lines. The tree is walked without recursion, so
// deeply nested input cannot overflow the stack here.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import GithubSlugger from 'github-slugger';
import type { Heading, Link, ParsedMarkdown, Table, TaskItem } from './types';
import type { LineIndex } from './text';
import { fastParse } from './markdown-fast';

interface MdNode {
  type: string;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
  value?: string;
  url?: string;
  depth?: number;
  checked?: boolean | null;
  alt?: string;
}

/**
 * Only the syntax extensions the rules need: task list items and tables. The rest of GFM
 * (footnotes, strikethrough, autolink literals) costs parse time and feeds no rule.
 */
function markdownSubset(this: { data(): Record<string, unknown[]> }): void {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(gfmTaskListItem(), gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTaskListItemFromMarkdown(), gfmTableFromMarkdown());
}

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(markdownSubset as never);

const TASK_MARKER = /^[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\]/;

/** Plain text of a node, iteratively. */
export function plainText(node: MdNode): string {
  let out = '';
  const stack: MdNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'text' || n.type === 'inlineCode') out += n.value ?? '';
    else if (n.type === 'image') out += n.alt ?? '';
    else if (n.type === 'break') out += ' ';
    if (n.children) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

const start = (n: MdNode) => n.position?.start.offset ?? 0;
const end = (n: MdNode) => n.position?.end.offset ?? 0;

/**
 * The mdast tree of a document. The fast parser (markdown-fast.ts) gives remark's tree for the
 * Markdown KB documents are made of, many times quicker; anything else goes to remark.
 */
export function markdownTree(text: string, parser: 'auto' | 'remark' | 'fast' = 'auto'): MdNode | undefined {
  if (parser !== 'remark') {
    const fast = fastParse(text);
    if (fast || parser === 'fast') return fast;
  }
  return processor.parse(text) as unknown as MdNode;
}

export function parseMarkdown(text: string, lines: LineIndex, parser?: 'auto' | 'remark'): ParsedMarkdown;
/** With 'fast', undefined when the fast parser declines the text (nothing slow ever runs). */
export function parseMarkdown(text: string, lines: LineIndex, parser: 'fast'): ParsedMarkdown | undefined;
export function parseMarkdown(text: string, lines: LineIndex, parser: 'auto' | 'remark' | 'fast' = 'auto'): ParsedMarkdown | undefined {
  const tree = markdownTree(text, parser);
  if (!tree) return undefined;
  const slugger = new GithubSlugger();
  const headings: Heading[] = [];
  const links: Link[] = [];
  const tasks: TaskItem[] = [];
  const tables: Table[] = [];
  const codeLines: Array<[number, number]> = [];

  // Document-order walk. Each entry carries the index of the nearest enclosing task, and
  // whether it lies in a table (where only links count: the table itself is kept as rows).
  const stack: Array<{ node: MdNode; task: number; depth: number; inTable?: boolean }> = [{ node: tree, task: -1, depth: 0 }];
  while (stack.length > 0) {
    const { node, task, depth, inTable } = stack.pop()!;
    let childTask = task;
    let childDepth = depth;
    switch (inTable && node.type !== 'link' && node.type !== 'image' ? '' : node.type) {
      case 'heading': {
        const headingText = plainText(node).trim();
        headings.push({
          depth: node.depth ?? 1,
          text: headingText,
          slug: slugger.slug(headingText),
          range: lines.range(start(node), end(node)),
          start: start(node),
          end: end(node),
          sectionEnd: end(node),
          sectionText: '',
          sectionHasBlocks: false,
        });
        break;
      }
      case 'link':
      case 'image':
      case 'definition': {
        const url = node.url ?? '';
        const link: Link = { url, range: lines.range(start(node), end(node)), kind: node.type as Link['kind'] };
        const at = url ? text.indexOf(url, start(node)) : -1;
        if (at !== -1 && at + url.length <= end(node)) {
          link.urlStart = at;
          link.urlEnd = at + url.length;
        }
        links.push(link);
        break;
      }
      case 'listItem': {
        if (typeof node.checked === 'boolean') {
          const itemStart = start(node);
          const lineStart = lines.lineStart(lines.lineOf(itemStart));
          const marker = TASK_MARKER.exec(text.slice(lineStart, lines.lineEnd(lines.lineOf(itemStart))));
          const first = node.children?.find((c) => c.type === 'paragraph');
          tasks.push({
            range: lines.range(itemStart, first ? end(first) : end(node)),
            checkOffset: marker ? lineStart + marker[0].length - 2 : itemStart,
            checked: node.checked,
            depth,
            text: first ? plainText(first).trim() : '',
            parent: task,
            heading: headings.length - 1,
          });
          childTask = tasks.length - 1;
          childDepth = depth + 1;
        }
        break;
      }
      case 'table': {
        const rows = (node.children ?? []).map((row) => ({
          cells: (row.children ?? []).map((cell) => plainText(cell).trim()),
          range: lines.range(start(row), end(row)),
        }));
        tables.push({
          header: rows[0]?.cells ?? [],
          rows: rows.slice(1),
          range: lines.range(start(node), end(node)),
          heading: headings.length - 1,
        });
        break;
      }
      case 'code':
      case 'html':
      case 'yaml':
        codeLines.push([lines.lineOf(start(node)), lines.lineOf(Math.max(start(node), end(node) - 1))]);
        break;
    }
    const children = node.children;
    if (children) {
      const table = inTable || node.type === 'table';
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], task: childTask, depth: childDepth, inTable: table });
    }
  }

  describeSections(tree, text, headings);
  return { headings, links, tasks, tables, codeLines };
}

/** Fills each top-level heading's section end, own text and whether it holds blocks. */
function describeSections(tree: MdNode, text: string, headings: Heading[]): void {
  const top = tree.children ?? [];
  const byStart = new Map(headings.map((h) => [h.start, h]));
  for (let i = 0; i < top.length; i++) {
    const node = top[i];
    if (node.type !== 'heading') continue;
    const heading = byStart.get(start(node));
    if (!heading) continue;
    let own = '';
    let blocks = false;
    let ownDone = false;
    let j = i + 1;
    for (; j < top.length; j++) {
      const next = top[j];
      if (next.type === 'heading' && (next.depth ?? 1) <= heading.depth) break;
      if (next.type === 'heading') ownDone = true;
      if (next.type === 'paragraph' && !ownDone) own += (own ? ' ' : '') + plainText(next);
      else if (next.type !== 'paragraph' && next.type !== 'html') blocks = true;
    }
    heading.sectionEnd = j < top.length ? start(top[j]) : text.length;
    heading.sectionText = own.trim().slice(0, 200);
    heading.sectionHasBlocks = blocks;
  }
}
