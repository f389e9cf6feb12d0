// A fast parser for the Markdown that KB documents are made of: CommonMark blocks and inlines
// plus frontmatter, GFM tables and task items, giving the same mdast nodes, offsets and values
// as remark with the extensions markdown.ts enables. It is many times quicker than micromark
// because it does only that. Anything outside what it knows (indented code, HTML other than
// comments, reference definitions, tabs in indentation, CR line ends, ...) makes it return
// undefined, and remark parses the document instead; test/unit/markdown-fast.test.ts holds
// the two to the same output over the corpora.
import { decodeNamedCharacterReference } from 'decode-named-character-reference';

export interface FastNode {
  type: string;
  children?: FastNode[];
  position: { start: { offset: number }; end: { offset: number } };
  value?: string;
  url?: string;
  depth?: number;
  checked?: boolean | null;
  alt?: string;
}

/** Thrown inside the parser when the input leaves the supported subset. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('unsupported');
function bail(): never {
  throw UNSUPPORTED;
}

const node = (type: string, start: number, end: number, extra?: Partial<FastNode>): FastNode => ({ type, position: { start: { offset: start }, end: { offset: end } }, ...extra });

// ------------------------------------------------------------------------------- blocks

type BlockType = 'root' | 'blockquote' | 'list' | 'listItem' | 'paragraph' | 'heading' | 'thematicBreak' | 'code' | 'html' | 'table';

interface Block {
  type: BlockType;
  parent?: Block;
  children: Block[];
  open: boolean;
  start: number;
  end: number;
  /** Paragraph, heading and table content: [start, end) pairs of source offsets. */
  lines?: number[];
  // list and list item
  ordered?: boolean;
  marker?: string;
  /** Columns a continuation line must be indented by, relative to the parent's content. */
  padding?: number;
  checked?: boolean;
  /** Where the task check left the first paragraph's start. */
  taskStart?: number;
  // code
  fenceChar?: string;
  fenceLength?: number;
  fenceIndent?: number;
  fenceClosed?: boolean;
  // heading
  depth?: number;
  // table: one entry per row, each the row's [start, end)
  rows?: number[];
  cells?: number;
}

const isSpace = (c: number) => c === 32;

class BlockParser {
  readonly root: Block;
  private tip: Block;
  private lineEnd = 0;
  private pos = 0;
  private nextNonspace = 0;
  private indent = 0;
  private blank = false;
  private lastMatched!: Block;
  /** Set when a table head consumed the next line (its delimiter row). */
  private skipNext = false;

  constructor(private readonly text: string, start: number) {
    this.root = { type: 'root', children: [], open: true, start, end: text.length };
    this.tip = this.root;
  }

  parse(from: number): Block {
    const text = this.text;
    let start = from;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      if (this.skipNext) this.skipNext = false;
      else this.line(start, end);
      start = end + 1;
    }
    while (this.tip !== this.root) this.close(this.tip, this.tip.end);
    return this.root;
  }

  /** Tabs in indentation change columns in ways remark knows; inside code they are just text. */
  private findNextNonspace(allowTab = false): void {
    const text = this.text;
    let i = this.pos;
    while (i < this.lineEnd && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 9 && !allowTab) bail();
    this.nextNonspace = i;
    this.indent = i - this.pos;
    this.blank = i >= this.lineEnd;
  }

  private add(type: BlockType, start: number, extra?: Partial<Block>): Block {
    while (!this.canContain(this.tip.type, type)) this.close(this.tip, this.tip.end);
    const block: Block = { type, parent: this.tip, children: [], open: true, start, end: start, ...extra };
    this.tip.children.push(block);
    this.tip = block;
    return block;
  }

  private canContain(parent: BlockType, child: BlockType): boolean {
    if (parent === 'list') return child === 'listItem';
    return parent === 'root' || parent === 'blockquote' || parent === 'listItem' ? child !== 'listItem' : false;
  }

  /** Closes the innermost open block; a container ends where its last child does. */
  private close(block: Block, end: number): void {
    // remark's end for an unclosed fence runs through the blank lines after it, its own way.
    if (block.type === 'code' && !block.fenceClosed) bail();
    block.open = false;
    if (block.type === 'list' || block.type === 'listItem' || block.type === 'blockquote') {
      const last = block.children[block.children.length - 1];
      block.end = last ? last.end : Math.max(block.end, end);
    }
    this.tip = block.parent ?? this.root;
  }

  private closeUnmatched(): void {
    while (this.tip !== this.lastMatched && this.tip !== this.root) this.close(this.tip, this.tip.end);
  }

  private line(lineStart: number, lineEnd: number): void {
    const text = this.text;
    this.lineEnd = lineEnd;
    this.pos = lineStart;
    let container: Block = this.root;
    let allMatched = true;

    // 1. Which open containers does the line continue?
    for (;;) {
      const last = container.children[container.children.length - 1];
      if (!last || !last.open) break;
      container = last;
      this.findNextNonspace(last.type === 'code' || last.type === 'html');
      let matched = true;
      switch (container.type) {
        case 'blockquote':
          if (this.indent <= 3 && text.charCodeAt(this.nextNonspace) === 62) {
            this.pos = this.nextNonspace + 1;
            if (isSpace(text.charCodeAt(this.pos))) this.pos++;
            else if (text.charCodeAt(this.pos) === 9) bail();
          } else matched = false;
          break;
        case 'listItem':
          if (this.blank) {
            if (container.children.length === 0) bail();
            this.pos = this.nextNonspace;
          } else if (this.indent >= container.padding!) this.pos += container.padding!;
          else matched = false;
          break;
        case 'list':
          break;
        case 'code': {
          // A closing fence ends the block and the line; otherwise strip the fence's indentation.
          if (this.indent <= 3 && text.charCodeAt(this.nextNonspace) === container.fenceChar!.charCodeAt(0)) {
            let i = this.nextNonspace;
            while (i < lineEnd && text[i] === container.fenceChar) i++;
            const run = i - this.nextNonspace;
            while (i < lineEnd && isSpace(text.charCodeAt(i))) i++;
            if (run >= container.fenceLength! && i >= lineEnd) {
              if (text.charCodeAt(i) === 9) bail();
              container.end = lineEnd;
              container.fenceClosed = true;
              this.close(container, lineEnd);
              return;
            }
          }
          let n = container.fenceIndent!;
          while (n > 0 && isSpace(text.charCodeAt(this.pos))) {
            this.pos++;
            n--;
          }
          break;
        }
        case 'html':
          break;
        case 'paragraph':
        case 'table':
          if (this.blank) matched = false;
          break;
        default:
          matched = false;
      }
      if (!matched) {
        container = container.parent!;
        allMatched = false;
        break;
      }
    }
    this.lastMatched = container;

    // 2. New block starts, unless the line belongs to code or HTML already.
    let leafLine = container.type === 'code' || container.type === 'html';
    while (!leafLine) {
      this.findNextNonspace();
      const c = text.charCodeAt(this.nextNonspace);
      if (this.indent >= 4) {
        // Indented code is outside the subset; an indented line may still continue a paragraph.
        if (this.tip.type === 'paragraph' && !this.blank) break;
        if (this.blank) break;
        bail();
      }
      if (c === 62 /* > */) {
        this.closeUnmatched();
        const quote = this.add('blockquote', this.nextNonspace);
        quote.end = this.nextNonspace + 1;
        this.pos = this.nextNonspace + 1;
        if (isSpace(text.charCodeAt(this.pos))) this.pos++;
        else if (text.charCodeAt(this.pos) === 9) bail();
        container = quote;
        this.lastMatched = quote;
        continue;
      }
      if (c === 35 /* # */) {
        const heading = this.atxHeading();
        if (heading) {
          this.closeUnmatched();
          const block = this.add('heading', this.nextNonspace, heading);
          block.end = lineEnd;
          this.close(block, lineEnd);
          return;
        }
      }
      if (c === 96 /* ` */ || c === 126 /* ~ */) {
        const fence = this.fenceOpen();
        if (fence) {
          this.closeUnmatched();
          const block = this.add('code', this.nextNonspace, { ...fence, fenceIndent: this.indent });
          block.end = lineEnd;
          return;
        }
      }
      if (c === 60 /* < */) {
        if (text.startsWith('<!--', this.nextNonspace)) {
          this.closeUnmatched();
          const block = this.add('html', this.nextNonspace);
          block.end = lineEnd;
          if (text.slice(this.nextNonspace + 2, lineEnd).includes('-->')) this.close(block, lineEnd);
          return;
        }
        // Other HTML blocks have seven kinds of start and end: remark knows them.
        bail();
      }
      if ((c === 61 /* = */ || c === 45 /* - */) && container.type === 'paragraph' && allMatched && this.setextUnderline(c)) {
        container.depth = c === 61 ? 1 : 2;
        container.type = 'heading';
        container.end = lineEnd;
        this.close(container, lineEnd);
        return;
      }
      if ((c === 42 || c === 45 || c === 95) /* * - _ */ && this.thematicBreak(c)) {
        this.closeUnmatched();
        const block = this.add('thematicBreak', this.nextNonspace);
        block.end = lineEnd;
        this.close(block, lineEnd);
        return;
      }
      const item = this.listMarker(container);
      if (item) {
        this.closeUnmatched();
        if (this.tip.type !== 'list' || this.tip.ordered !== item.ordered || this.tip.marker !== item.marker) {
          this.add('list', this.nextNonspace, { ordered: item.ordered, marker: item.marker });
        }
        const block = this.add('listItem', this.nextNonspace, { padding: item.padding });
        block.end = item.contentStart;
        this.pos = item.contentStart;
        if (item.checked !== undefined) {
          block.checked = item.checked;
          block.taskStart = item.taskStart;
        }
        container = block;
        this.lastMatched = block;
        continue;
      }
      break;
    }

    // 3. The rest of the line: a lazy paragraph line, or content of the innermost block.
    if (leafLine && allMatched) {
      const tip = this.tip;
      tip.end = lineEnd;
      if (tip.type === 'html' && text.slice(this.pos, lineEnd).includes('-->')) this.close(tip, lineEnd);
      return;
    }
    this.findNextNonspace();
    if (!allMatched && !this.blank && this.tip.type === 'paragraph' && !leafLine) {
      if (text.slice(this.nextNonspace, lineEnd).includes('|')) bail();
      this.paragraphLine(this.tip);
      return;
    }
    this.closeUnmatched();
    const tip = this.tip;
    if (tip.type === 'code') {
      tip.end = lineEnd;
      return;
    }
    if (tip.type === 'html') {
      tip.end = lineEnd;
      if (text.slice(this.pos, lineEnd).includes('-->')) this.close(tip, lineEnd);
      return;
    }
    if (this.blank) {
      if (tip.type === 'paragraph' || tip.type === 'table') this.close(tip, tip.end);
      return;
    }
    if (tip.type === 'table') {
      this.tableRow(tip);
      return;
    }
    // A table head: this line and a delimiter row of as many cells on the next.
    if (this.tableStart(tip)) return;
    if (tip.type === 'paragraph') {
      this.paragraphLine(tip);
      return;
    }
    leafLine = true;
    const para = this.add('paragraph', this.nextNonspace, { lines: [] });
    this.paragraphLine(para);
  }

  private paragraphLine(para: Block): void {
    const start = this.nextNonspace;
    // A paragraph that opens like a link reference definition: definitions are remark's.
    if (para.lines!.length === 0 && this.text.charCodeAt(start) === 91 && /^\[[^\]]*\]:/.test(this.text.slice(start, this.lineEnd))) bail();
    if (para.lines!.length === 0 && this.text.charCodeAt(start) === 91 && this.text.slice(start, this.lineEnd).includes(']:')) bail();
    para.lines!.push(start, this.lineEnd);
    para.end = this.lineEnd;
  }

  private atxHeading(): Partial<Block> | undefined {
    const text = this.text;
    let i = this.nextNonspace;
    let depth = 0;
    while (i < this.lineEnd && text.charCodeAt(i) === 35) {
      i++;
      depth++;
    }
    if (depth > 6) return undefined;
    if (i < this.lineEnd && !isSpace(text.charCodeAt(i))) {
      if (text.charCodeAt(i) === 9) bail();
      return undefined;
    }
    // Content: from the first non-space to before an optional closing sequence of #s.
    while (i < this.lineEnd && isSpace(text.charCodeAt(i))) i++;
    let end = this.lineEnd;
    while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
    let hashes = end;
    while (hashes > i && text.charCodeAt(hashes - 1) === 35) hashes--;
    if (hashes === i) end = i;
    else if (hashes < end && isSpace(text.charCodeAt(hashes - 1))) {
      end = hashes;
      while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
    }
    if (text.slice(i, end).includes('\t')) bail();
    return { depth, lines: end > i ? [i, end] : [] };
  }

  private fenceOpen(): Partial<Block> | undefined {
    const text = this.text;
    const ch = text[this.nextNonspace];
    let i = this.nextNonspace;
    while (i < this.lineEnd && text[i] === ch) i++;
    const length = i - this.nextNonspace;
    if (length < 3) return undefined;
    if (ch === '`' && text.slice(i, this.lineEnd).includes('`')) return undefined;
    return { fenceChar: ch, fenceLength: length };
  }

  private setextUnderline(c: number): boolean {
    const text = this.text;
    let i = this.nextNonspace;
    while (i < this.lineEnd && text.charCodeAt(i) === c) i++;
    while (i < this.lineEnd && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 9) bail();
    return i >= this.lineEnd;
  }

  private thematicBreak(c: number): boolean {
    const text = this.text;
    let count = 0;
    for (let i = this.nextNonspace; i < this.lineEnd; i++) {
      const d = text.charCodeAt(i);
      if (d === c) count++;
      else if (d === 9) bail();
      else if (!isSpace(d)) return false;
    }
    return count >= 3;
  }

  /** A list item marker at the next non-space, with the columns its content starts at. */
  private listMarker(container: Block): { ordered: boolean; marker: string; padding: number; contentStart: number; checked?: boolean; taskStart?: number } | undefined {
    const text = this.text;
    const at = this.nextNonspace;
    const c = text.charCodeAt(at);
    let i = at;
    let ordered = false;
    let marker: string;
    let number = 0;
    if (c === 45 || c === 43 || c === 42) {
      marker = text[at];
      i++;
    } else if (c >= 48 && c <= 57) {
      while (i < this.lineEnd && i - at < 10 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      if (i - at > 9) return undefined;
      const d = text[i];
      if (d !== '.' && d !== ')') return undefined;
      number = Number(text.slice(at, i));
      marker = d;
      ordered = true;
      i++;
    } else return undefined;
    const after = text.charCodeAt(i);
    if (i < this.lineEnd && !isSpace(after)) {
      if (after === 9) bail();
      return undefined;
    }
    let spaces = 0;
    let j = i;
    while (j < this.lineEnd && isSpace(text.charCodeAt(j))) {
      j++;
      spaces++;
    }
    if (text.charCodeAt(j) === 9) bail();
    const blankStart = j >= this.lineEnd;
    // A paragraph is interrupted only by an item with content, and an ordered one only from 1.
    if (container.type === 'paragraph' && (blankStart || (ordered && number !== 1))) return undefined;
    // An item that starts with a blank line, or content indented like code: remark's.
    if (blankStart || spaces >= 5) bail();
    const width = i - at;
    const result: ReturnType<BlockParser['listMarker']> = { ordered, marker, padding: this.indent + width + spaces, contentStart: j };
    // A GFM task: [ ], [x] or [X], then whitespace and more on the same line.
    if (text.charCodeAt(j) === 91 && text.charCodeAt(j + 2) === 93) {
      const mark = text[j + 1];
      if (mark === ' ' || mark === 'x' || mark === 'X') {
        // A check with nothing after it on the line is a task only if the paragraph goes on.
        if (j + 3 >= this.lineEnd) bail();
        const ws = text.charCodeAt(j + 3);
        if (ws === 32 || ws === 9) {
          let k = j + 4;
          while (k < this.lineEnd && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
          if (k >= this.lineEnd) bail();
          result.checked = mark !== ' ';
          result.taskStart = j + 4;
        }
      }
    }
    return result;
  }

  /** Splits a table row into cells: [start, end) of each cell's trimmed content. */
  static cells(text: string, start: number, end: number): number[] {
    const out: number[] = [];
    let i = start;
    if (text.charCodeAt(i) === 124) i++;
    let cellStart = i;
    let trailingPipe = false;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) {
        i++;
        continue;
      }
      if (c === 124) {
        out.push(cellStart, i);
        cellStart = i + 1;
        trailingPipe = true;
      } else if (!isSpace(c) && c !== 9) trailingPipe = false;
    }
    if (!trailingPipe || cellStart < end) {
      const rest = text.slice(cellStart, end).trim();
      if (rest.length > 0 || out.length === 0) out.push(cellStart, end);
    }
    for (let k = 0; k < out.length; k += 2) {
      while (out[k] < out[k + 1] && (isSpace(text.charCodeAt(out[k])) || text.charCodeAt(out[k]) === 9)) out[k]++;
      while (out[k + 1] > out[k] && (isSpace(text.charCodeAt(out[k + 1] - 1)) || text.charCodeAt(out[k + 1] - 1) === 9)) out[k + 1]--;
    }
    return out;
  }

  private static delimiterRow(line: string): number | undefined {
    if (!/^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/.test(line)) return undefined;
    const trimmed = line.trim();
    let body = trimmed;
    if (body.startsWith('|')) body = body.slice(1);
    if (body.endsWith('|')) body = body.slice(0, -1);
    return body.split('|').length;
  }

  /**
   * Starts a table when this line is a head row and the next line, in the same containers,
   * is a delimiter row with as many cells. Returns true when it did.
   */
  private tableStart(tip: Block): boolean {
    const text = this.text;
    const start = this.nextNonspace;
    const nextStart = this.lineEnd + 1;
    if (nextStart > text.length) return false;
    let nextEnd = text.indexOf('\n', nextStart);
    if (nextEnd === -1) nextEnd = text.length;
    const next = this.continuation(nextStart, nextEnd);
    if (next === undefined) {
      // The next line leaves a container: cannot be this table's delimiter row, unless remark sees it lazily.
      if (/^[ >]*\|?[ \t]*:?-+:?[ \t]*\|/.test(text.slice(nextStart, nextEnd))) bail();
      return false;
    }
    const delimiterLine = text.slice(next, nextEnd);
    const count = BlockParser.delimiterRow(delimiterLine);
    if (count === undefined) return false;
    const line = text.slice(start, this.lineEnd);
    // Without pipes a line of dashes is a setext underline or a break, unless it has colons.
    if (!delimiterLine.includes('|')) {
      if (delimiterLine.includes(':')) bail();
      return false;
    }
    if (!line.includes('|')) bail();
    const head = BlockParser.cells(text, start, this.lineEnd);
    if (head.length / 2 !== count) return false;
    if (tip.type === 'paragraph') {
      this.close(tip, tip.end);
      if (this.lastMatched === tip) this.lastMatched = tip.parent!;
    }
    this.closeUnmatched();
    const table = this.add('table', start, { rows: [start, this.lineEnd], cells: count });
    // A table with no body ends with its delimiter row.
    table.end = nextEnd;
    this.skipNext = true;
    return true;
  }

  private tableRow(table: Block): void {
    table.rows!.push(this.nextNonspace, this.lineEnd);
    table.end = this.lineEnd;
  }

  /**
   * Where a line's content starts if every open container up to the current one continues on
   * it (no side effects), or undefined. Used to look at the next line for a table.
   */
  private continuation(lineStart: number, lineEnd: number): number | undefined {
    const text = this.text;
    const chain: Block[] = [];
    for (let b: Block | undefined = this.lastMatched; b && b.type !== 'root'; b = b.parent) chain.unshift(b);
    let pos = lineStart;
    for (const block of chain) {
      let i = pos;
      while (i < lineEnd && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 9) bail();
      const indent = i - pos;
      if (block.type === 'blockquote') {
        if (indent > 3 || text.charCodeAt(i) !== 62) return undefined;
        pos = i + 1;
        if (isSpace(text.charCodeAt(pos))) pos++;
      } else if (block.type === 'listItem') {
        if (i >= lineEnd) return undefined;
        if (indent < block.padding!) return undefined;
        pos += block.padding!;
      }
    }
    let i = pos;
    while (i < lineEnd && isSpace(text.charCodeAt(i))) i++;
    return pos;
  }
}

// ------------------------------------------------------------------------------- inlines

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const UNICODE_PUNCTUATION = /[\p{P}\p{S}]/u;
const UNICODE_WHITESPACE = /\s/;

/** micromark's classes: 1 whitespace (or the edge), 2 punctuation, 0 other. */
function classify(ch: string | undefined): number {
  if (ch === undefined || ch === '\n' || ch === ' ' || UNICODE_WHITESPACE.test(ch)) return 1;
  if (UNICODE_PUNCTUATION.test(ch)) return 2;
  return 0;
}

interface Delimiter {
  marker: string;
  /** The text node holding the run; its value shrinks as the run is used. */
  node: FastNode;
  index: number;
  size: number;
  /** Offsets of the run's still unused characters in the source. */
  start: number;
  end: number;
  canOpen: boolean;
  canClose: boolean;
  original: number;
}

interface Bracket {
  image: boolean;
  /** Index in the node list of the '[' text node. */
  index: number;
  start: number;
  active: boolean;
  /** Delimiters before this bracket (emphasis inside the link is resolved on its own). */
  delimiters: number;
}

/** A line-joined view of inline content, with the source offset of each character. */
class Source {
  readonly text: string;
  private readonly starts: number[];
  private readonly viewStarts: number[];
  constructor(src: string, lines: number[]) {
    const parts: string[] = [];
    this.starts = [];
    this.viewStarts = [];
    let view = 0;
    for (let k = 0; k < lines.length; k += 2) {
      this.starts.push(lines[k]);
      this.viewStarts.push(view);
      const part = src.slice(lines[k], lines[k + 1]);
      parts.push(part);
      view += part.length + 1;
    }
    this.text = parts.join('\n');
  }
  /** Source offset of view index i (the line end for a joining newline). */
  at(i: number): number {
    let lo = 0;
    let hi = this.viewStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.viewStarts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.starts[lo] + (i - this.viewStarts[lo]);
  }
}

const ENTITY = /^&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));/;
const AUTOLINK = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]*)>/;
const EMAIL = /^<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>/;
// CommonMark's open and closing tags (whitespace may include one line ending each time).
const ATTRIBUTE = `(?:[ \\t\\n]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \\t\\n]*=[ \\t\\n]*(?:[^"'=<>\`\\x00-\\x20]+|'[^']*'|"[^"]*"))?)`;
const OPEN_TAG = new RegExp(`^<[A-Za-z][A-Za-z0-9-]*${ATTRIBUTE}*[ \\t\\n]*\\/?>`);
const CLOSING_TAG = /^<\/[A-Za-z][A-Za-z0-9-]*[ \t\n]*>/;

function decodeEntity(match: RegExpExecArray): string | undefined {
  if (match[3] !== undefined) {
    const decoded = decodeNamedCharacterReference(match[3]);
    return decoded === false ? undefined : decoded;
  }
  const code = match[1] !== undefined ? parseInt(match[1], 16) : Number(match[2]);
  // The code points micromark replaces with U+FFFD, as HTML does.
  if (code < 9 || code === 11 || (code > 13 && code < 32) || (code > 126 && code < 160) || (code > 55295 && code < 57344) || (code > 64975 && code < 65008) || (code & 65535) === 65535 || (code & 65535) === 65534 || code > 1114111) return '\uFFFD';
  return String.fromCodePoint(code);
}

/** Parses inline content into mdast nodes; `lines` are [start, end) pairs of the source. */
export function parseInline(src: string, lines: number[], options: { table?: boolean } = {}): FastNode[] {
  if (lines.length === 0) return [];
  const view = new Source(src, lines);
  const s = view.text;
  const nodes: FastNode[] = [];
  const delimiters: Delimiter[] = [];
  const brackets: Bracket[] = [];
  let textStart = -1;
  let textValue = '';

  const flush = (end: number) => {
    if (textStart === -1) return;
    nodes.push(node('text', view.at(textStart), view.at(end), { value: textValue }));
    textStart = -1;
    textValue = '';
  };
  const appendText = (from: number, value: string) => {
    if (textStart === -1) textStart = from;
    textValue += value;
  };

  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 10: {
        // Soft break: trailing spaces go; two or more of them make a hard break.
        let spaces = 0;
        while (textValue.length > spaces && textValue.charCodeAt(textValue.length - 1 - spaces) === 32) spaces++;
        if (spaces >= 2) {
          textValue = textValue.slice(0, textValue.length - spaces);
          const breakStart = i - spaces;
          if (textValue.length === 0) textStart = -1;
          flush(breakStart);
          nodes.push(node('break', view.at(breakStart), view.at(i) + 1));
          i++;
          continue;
        }
        textValue = textValue.slice(0, textValue.length - spaces);
        appendText(i, '\n');
        i++;
        continue;
      }
      case 92: {
        const next = s[i + 1];
        if (next === '\n') {
          flush(i);
          nodes.push(node('break', view.at(i), view.at(i + 1) + 1));
          i += 2;
          continue;
        }
        if (next !== undefined && ASCII_PUNCTUATION.test(next)) {
          appendText(i, next);
          i += 2;
          continue;
        }
        appendText(i, '\\');
        i++;
        continue;
      }
      case 96: {
        let run = 1;
        while (s.charCodeAt(i + run) === 96) run++;
        // The closer: the next run of exactly as many backticks.
        let j = i + run;
        let close = -1;
        while (j < s.length) {
          const k = s.indexOf('`', j);
          if (k === -1) break;
          let n = 1;
          while (s.charCodeAt(k + n) === 96) n++;
          if (n === run) {
            close = k;
            break;
          }
          j = k + n;
        }
        if (close === -1) {
          appendText(i, s.slice(i, i + run));
          i += run;
          continue;
        }
        // remark keeps line endings in the value; one space or line ending of padding goes from each side.
        let value = s.slice(i + run, close);
        // It also keeps the next line's indentation, which the joined view has dropped: remark's case.
        for (let nl = value.indexOf('\n'); nl !== -1; nl = value.indexOf('\n', nl + 1)) {
          if (src.charCodeAt(view.at(i + run + nl + 1) - 1) !== 10) bail();
        }
        if (options.table) value = value.replace(/\\\|/g, '|');
        if (value.length >= 2 && (value[0] === ' ' || value[0] === '\n') && (value[value.length - 1] === ' ' || value[value.length - 1] === '\n') && /[^ \n]/.test(value)) value = value.slice(1, -1);
        flush(i);
        nodes.push(node('inlineCode', view.at(i), view.at(close + run - 1) + 1, { value }));
        i = close + run;
        continue;
      }
      case 42:
      case 95: {
        const marker = s[i];
        let run = 1;
        while (s[i + run] === marker) run++;
        const before = classify(i === 0 ? undefined : s[i - 1]);
        const after = classify(i + run >= s.length ? undefined : s[i + run]);
        const open = !after || (after === 2 && before !== 0);
        const close = !before || (before === 2 && after !== 0);
        // Pairing is quadratic in the worst case: leave unusual inputs to remark, which runs with a time limit.
        if (delimiters.length > 2000) bail();
        flush(i);
        const text = node('text', view.at(i), view.at(i + run - 1) + 1, { value: s.slice(i, i + run) });
        nodes.push(text);
        delimiters.push({
          marker,
          node: text,
          index: nodes.length - 1,
          size: run,
          original: run,
          start: i,
          end: i + run,
          canOpen: marker === '*' ? open : open && (before !== 0 || !close),
          canClose: marker === '*' ? close : close && (after !== 0 || !open),
        });
        i += run;
        continue;
      }
      case 33:
        if (s[i + 1] === '[') {
          flush(i);
          nodes.push(node('text', view.at(i), view.at(i + 1) + 1, { value: '![' }));
          brackets.push({ image: true, index: nodes.length - 1, start: i, active: true, delimiters: delimiters.length });
          i += 2;
          continue;
        }
        appendText(i, '!');
        i++;
        continue;
      case 91:
        if (brackets.length > 1000) bail();
        flush(i);
        nodes.push(node('text', view.at(i), view.at(i) + 1, { value: '[' }));
        brackets.push({ image: false, index: nodes.length - 1, start: i, active: true, delimiters: delimiters.length });
        i++;
        continue;
      case 93: {
        const opener = brackets.pop();
        if (!opener) {
          appendText(i, ']');
          i++;
          continue;
        }
        if (!opener.active) {
          appendText(i, ']');
          i++;
          continue;
        }
        const resource = s[i + 1] === '(' ? parseResource(s, i + 2) : undefined;
        if (!resource) {
          appendText(i, ']');
          i++;
          continue;
        }
        flush(i);
        // Emphasis inside the label pairs up on its own, then the label becomes the link's children.
        resolveEmphasis(nodes, delimiters, opener.delimiters);
        const children = nodes.splice(opener.index + 1);
        nodes.pop();
        delimiters.length = Math.min(delimiters.length, opener.delimiters);
        const start = view.at(opener.start);
        const end = view.at(resource.end - 1) + 1;
        const kids = compact(children);
        if (opener.image) nodes.push(node('image', start, end, { url: resource.url, alt: toString(kids) }));
        else {
          nodes.push(node('link', start, end, { url: resource.url, children: kids }));
          // No links inside links: earlier openers can no longer make one.
          for (const b of brackets) if (!b.image) b.active = false;
        }
        i = resource.end;
        continue;
      }
      case 60: {
        const rest = s.slice(i, i + 300);
        const auto = AUTOLINK.exec(rest);
        const email = auto ? undefined : EMAIL.exec(rest);
        if (auto || email) {
          const m = (auto ?? email)!;
          flush(i);
          const url = auto ? m[1] : `mailto:${m[1]}`;
          const inner = node('text', view.at(i + 1), view.at(i + m[0].length - 2) + 1, { value: m[1] });
          nodes.push(node('link', view.at(i), view.at(i + m[0].length - 1) + 1, { url, children: [inner] }));
          i += m[0].length;
          continue;
        }
        const html = inlineHtml(s, i);
        if (html > 0) {
          flush(i);
          nodes.push(node('html', view.at(i), view.at(i + html - 1) + 1, { value: s.slice(i, i + html) }));
          i += html;
          continue;
        }
        appendText(i, '<');
        i++;
        continue;
      }
      case 38: {
        const m = ENTITY.exec(s.slice(i, i + 40));
        if (m) {
          const decoded = decodeEntity(m);
          if (decoded !== undefined) {
            appendText(i, decoded);
            i += m[0].length;
            continue;
          }
        }
        appendText(i, '&');
        i++;
        continue;
      }
      default: {
        // A run of ordinary characters.
        let j = i + 1;
        while (j < s.length) {
          const d = s.charCodeAt(j);
          if (d === 10 || d === 92 || d === 96 || d === 42 || d === 95 || d === 33 || d === 91 || d === 93 || d === 60 || d === 38) break;
          j++;
        }
        appendText(i, s.slice(i, j));
        i = j;
      }
    }
  }
  // Trailing spaces at the very end are not content.
  let trailing = 0;
  while (textValue.length > trailing && textValue.charCodeAt(textValue.length - 1 - trailing) === 32) trailing++;
  if (trailing) textValue = textValue.slice(0, textValue.length - trailing);
  if (textStart !== -1 && textValue.length === 0) textStart = -1;
  flush(s.length - trailing);
  resolveEmphasis(nodes, delimiters, 0);
  return compact(nodes);
}

/** The length of the inline HTML at `i` (a tag or a comment), 0 for a plain '<'. */
function inlineHtml(s: string, i: number): number {
  const next = s[i + 1];
  if (next === '!') {
    if (s.startsWith('<!--', i)) {
      if (s.startsWith('<!-->', i)) return 5;
      if (s.startsWith('<!--->', i)) return 6;
      const close = s.indexOf('-->', i + 4);
      return close === -1 ? 0 : close + 3 - i;
    }
    // Declarations and CDATA: remark's.
    if (/[A-Za-z[]/.test(s[i + 2] ?? '')) bail();
    return 0;
  }
  if (next === '?') bail();
  if (next === '/' || (next !== undefined && /[A-Za-z]/.test(next))) {
    const rest = s.slice(i, i + 1000);
    const tag = (next === '/' ? CLOSING_TAG : OPEN_TAG).exec(rest);
    if (tag) {
      // Two line endings in a row end the paragraph before a tag could: let remark decide.
      if (/\n[ \t]*\n/.test(tag[0])) bail();
      return tag[0].length;
    }
    if (rest.length >= 1000) bail();
  }
  return 0;
}

/** `(destination "title")` after a `]`, from the index after the `(`; undefined when it is not one. */
function parseResource(s: string, from: number): { url: string; end: number } | undefined {
  let i = from;
  const skipSpace = () => {
    let newlines = 0;
    while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\t')) {
      if (s[i] === '\n' && ++newlines > 1) return false;
      i++;
    }
    return true;
  };
  if (!skipSpace()) return undefined;
  let raw: string;
  if (s[i] === '<') {
    const close = findUnescaped(s, i + 1, '>', '<\n');
    if (close === -1) return undefined;
    raw = s.slice(i + 1, close);
    i = close + 1;
  } else {
    const start = i;
    let depth = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 92 && i + 1 < s.length && ASCII_PUNCTUATION.test(s[i + 1])) {
        i += 2;
        continue;
      }
      if (c <= 32 || c === 127) break;
      if (c === 40) depth++;
      if (c === 41) {
        if (depth === 0) break;
        depth--;
      }
      i++;
    }
    if (depth !== 0) return undefined;
    raw = s.slice(start, i);
    if (i === start && s[i] !== ')') return undefined;
  }
  const beforeTitle = i;
  if (!skipSpace()) return undefined;
  if (i > beforeTitle && (s[i] === '"' || s[i] === "'" || s[i] === '(')) {
    const closeChar = s[i] === '(' ? ')' : s[i];
    const close = findUnescaped(s, i + 1, closeChar, s[i] === '(' ? '(' : '');
    if (close === -1) return undefined;
    if (s.slice(i + 1, close).includes('\n\n')) return undefined;
    i = close + 1;
    if (!skipSpace()) return undefined;
  }
  if (s[i] !== ')') return undefined;
  return { url: decodeString(raw), end: i + 1 };
}

function findUnescaped(s: string, from: number, ch: string, forbidden: string): number {
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && ASCII_PUNCTUATION.test(s[i + 1])) {
      i++;
      continue;
    }
    if (c === ch) return i;
    if (forbidden.includes(c)) return -1;
  }
  return -1;
}

/** Backslash escapes and character references decoded, as in a link destination. */
function decodeString(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('&')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length && ASCII_PUNCTUATION.test(raw[i + 1])) {
      out += raw[++i];
      continue;
    }
    if (c === '&') {
      const m = ENTITY.exec(raw.slice(i, i + 40));
      const decoded = m ? decodeEntity(m) : undefined;
      if (m && decoded !== undefined) {
        out += decoded;
        i += m[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/**
 * Pairs emphasis delimiters from `bottom` on, as micromark does: each closer takes the nearest
 * opener of the same marker that the rule of three allows; two characters make strong.
 */
function resolveEmphasis(nodes: FastNode[], delimiters: Delimiter[], bottom: number): void {
  for (let c = bottom; c < delimiters.length; c++) {
    const closer = delimiters[c];
    if (!closer.canClose || closer.size === 0) continue;
    for (let o = c - 1; o >= bottom; o--) {
      const opener = delimiters[o];
      if (!opener.canOpen || opener.size === 0 || opener.marker !== closer.marker) continue;
      // The rule of three, on what is left of each run (micromark shrinks the runs as it pairs).
      if ((opener.canClose || closer.canOpen) && (opener.size + closer.size) % 3 === 0 && !(opener.size % 3 === 0 && closer.size % 3 === 0)) continue;
      const use = opener.size > 1 && closer.size > 1 ? 2 : 1;
      // Wrap the nodes between opener and closer.
      const openIndex = nodes.indexOf(opener.node);
      const closeIndex = nodes.indexOf(closer.node);
      const inner = nodes.slice(openIndex + 1, closeIndex);
      const start = opener.node.position.end.offset - use;
      const end = closer.node.position.start.offset + use;
      const wrapped = node(use === 2 ? 'strong' : 'emphasis', start, end, { children: compact(inner) });
      opener.size -= use;
      closer.size -= use;
      opener.node.value = opener.node.value!.slice(0, opener.size);
      opener.node.position.end.offset -= use;
      closer.node.value = closer.node.value!.slice(use);
      closer.node.position.start.offset += use;
      nodes.splice(openIndex + 1, closeIndex - openIndex - 1, wrapped);
      // Delimiters between the two are spent.
      for (let k = o + 1; k < c; k++) delimiters[k].size = 0;
      if (closer.size > 0) c--;
      break;
    }
  }
}

/** Drops emptied delimiter texts and merges neighbouring text nodes, as remark's tree has them. */
function compact(list: FastNode[]): FastNode[] {
  const out: FastNode[] = [];
  for (const n of list) {
    if (n.type === 'text') {
      if (n.value === '') continue;
      const prev = out[out.length - 1];
      if (prev && prev.type === 'text') {
        out[out.length - 1] = node('text', prev.position.start.offset, n.position.end.offset, { value: prev.value! + n.value! });
        continue;
      }
    }
    out.push(n);
  }
  return out;
}

function toString(nodes: FastNode[]): string {
  let out = '';
  for (const n of nodes) out += n.value ?? n.alt ?? (n.children ? toString(n.children) : '');
  return out;
}

// ------------------------------------------------------------------------------- the tree

function frontmatterEnd(text: string): number {
  if (!text.startsWith('---')) return -1;
  const first = text.indexOf('\n');
  if (first === -1) return -1;
  const opening = text.slice(0, first);
  if (opening !== '---') {
    if (/^---[ \t]*$/.test(opening)) bail();
    return -1;
  }
  let start = first + 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    if (line === '---') return end;
    if (/^---[ \t]+$/.test(line)) bail();
    start = end + 1;
  }
  // An unclosed fence: remark's frontmatter attempt leaves the lines after it in a state of its own.
  return bail();
}

/** One block's node; containers get an empty children list, filled by `toTree`. */
function toNode(src: string, block: Block): FastNode {
  switch (block.type) {
    case 'paragraph': {
      const lines = [...block.lines!];
      const start = block.taskStart ?? lines[0];
      if (block.taskStart !== undefined) lines[0] = block.taskStart;
      return node('paragraph', start, block.end, { children: parseInline(src, lines) });
    }
    case 'heading':
      return node('heading', block.start, block.end, { depth: block.depth, children: parseInline(src, block.lines ?? []) });
    case 'thematicBreak':
    case 'code':
    case 'html':
      return node(block.type, block.start, block.end);
    case 'table': {
      const rows: FastNode[] = [];
      const r = block.rows!;
      for (let k = 0; k < r.length; k += 2) {
        const cells = BlockParser.cells(src, r[k], r[k + 1]);
        const children: FastNode[] = [];
        for (let c = 0; c < cells.length; c += 2) children.push(node('tableCell', cells[c], cells[c + 1], { children: parseInline(src, [cells[c], cells[c + 1]], { table: true }) }));
        rows.push(node('tableRow', r[k], r[k + 1], { children }));
      }
      return node('table', block.start, block.end, { children: rows });
    }
    case 'listItem': {
      const item = node('listItem', block.start, block.end, { children: [] });
      if (block.checked !== undefined) item.checked = block.checked;
      return item;
    }
    default:
      return node(block.type, block.start, block.end, { children: [] });
  }
}

/** The blocks as mdast nodes, without recursion: nesting can be as deep as the text is long. */
function toTree(src: string, root: Block, out: FastNode[]): void {
  const stack: Array<{ block: Block; into: FastNode[] }> = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push({ block: root.children[i], into: out });
  while (stack.length > 0) {
    const { block, into } = stack.pop()!;
    const n = toNode(src, block);
    into.push(n);
    if (block.type === 'blockquote' || block.type === 'list' || block.type === 'listItem') {
      for (let i = block.children.length - 1; i >= 0; i--) stack.push({ block: block.children[i], into: n.children! });
    }
  }
}

/** The first paragraph of a task item starts after its check. */
function markTasks(root: Block): void {
  const stack = [root];
  while (stack.length > 0) {
    const block = stack.pop()!;
    if (block.type === 'listItem' && block.taskStart !== undefined) {
      const first = block.children[0];
      if (!first || first.type !== 'paragraph' || first.lines![0] > block.taskStart) bail();
      first.taskStart = block.taskStart;
    }
    for (const child of block.children) stack.push(child);
  }
}

/** The mdast tree remark would give, or undefined when the text needs remark itself. */
export function fastParse(text: string): FastNode | undefined {
  try {
    if (/[\r\0]/.test(text)) return undefined;
    const children: FastNode[] = [];
    const fm = frontmatterEnd(text);
    let from = 0;
    if (fm !== -1) {
      children.push(node('yaml', 0, fm));
      from = fm + 1;
    }
    const parser = new BlockParser(text, from);
    const root = parser.parse(from);
    markTasks(root);
    toTree(text, root, children);
    return node('root', 0, text.length, { children });
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
