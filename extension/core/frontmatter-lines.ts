// Where a position in a document's frontmatter sits in the YAML structure, read line by
// line so it still answers while the author is half-way through typing (invalid YAML).

export interface FrontmatterBlock {
  /** Offset of the first line after the opening `---`. */
  start: number;
  /** Offset of the start of the closing fence line, or the end of the text when unclosed. */
  end: number;
  closed: boolean;
  lines: BlockLine[];
}

export interface BlockLine {
  /** Offset of the line's first character in the document text. */
  offset: number;
  text: string;
  /** Column of a `- ` sequence marker, when the line starts an item. */
  dashCol?: number;
  /** Column where the content starts (after indentation and any `- `). */
  contentCol: number;
  key?: string;
  /** Column just after the key's colon. */
  colonCol?: number;
  /** True when the key has a value on the same line. */
  hasValue: boolean;
  blank: boolean;
}

/** What is being typed at a position: a key of a mapping, or a value (of a key or a sequence item). */
export type FrontmatterSpot =
  | {
      kind: 'key';
      /** Path of the mapping the key belongs to ([] for the top level; `0` stands for any item). */
      container: string[];
      /** The key the position is on, when there is one already. */
      key?: string;
      /** Offsets of the word being typed (or the key), to be replaced. */
      start: number;
      end: number;
      /** Indentation of the key, for multi-line insertions. */
      indent: number;
      /** Keys already present in the same mapping. */
      siblings: string[];
    }
  | {
      kind: 'value';
      /** Path of the value: `['severity']`, or `['related', '0']` for an item. */
      path: string[];
      /** The text typed so far, without quotes. */
      partial: string;
      start: number;
      end: number;
      /** True for a sequence item, written after `- ` or inside `[...]`. */
      item: boolean;
      /** Values already in the same sequence (for items), or the current value. */
      existing: string[];
      /** True when the cursor sits on a blank line under a sequence key: an item needs its `- `. */
      needsDash?: boolean;
      indent: number;
    };

const KEY = /^([^\s:#'"\-[\]{},][^:#]*?|"[^"]*"|'[^']*')[ \t]*:(?=[ \t]|$)/;

/** The frontmatter block of `text`, when it opens with a `---` line (closed or not yet). */
export function frontmatterBlock(text: string): FrontmatterBlock | undefined {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstEnd = text.indexOf('\n');
  const first = text.slice(bom, firstEnd === -1 ? text.length : firstEnd).replace(/\r$/, '');
  if (!/^---[ \t]*$/.test(first) || firstEnd === -1) return undefined;
  const start = firstEnd + 1;
  const lines: BlockLine[] = [];
  let offset = start;
  let end = text.length;
  let closed = false;
  while (offset <= text.length) {
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl === -1 ? text.length : nl;
    const raw = text.slice(offset, lineEnd).replace(/\r$/, '');
    if (/^(?:---|\.\.\.)[ \t]*$/.test(raw)) {
      end = offset;
      closed = true;
      break;
    }
    lines.push(describeLine(raw, offset));
    if (nl === -1) break;
    offset = nl + 1;
  }
  return { start, end, closed, lines };
}

function describeLine(text: string, offset: number): BlockLine {
  const indent = /^[ ]*/.exec(text)![0].length;
  let contentCol = indent;
  let dashCol: number | undefined;
  const dash = /^-(?:[ \t]+|$)/.exec(text.slice(indent));
  if (dash) {
    dashCol = indent;
    contentCol = indent + dash[0].length;
  }
  const content = text.slice(contentCol);
  const blank = content.trim() === '' && dashCol === undefined || /^\s*#/.test(text);
  const m = KEY.exec(content);
  const line: BlockLine = { offset, text, dashCol, contentCol, hasValue: false, blank };
  if (m && !blank) {
    line.key = m[1].replace(/^(["'])(.*)\1$/, '$2');
    line.colonCol = contentCol + m[0].length;
    const rest = text.slice(line.colonCol).replace(/(^|[ \t])#.*$/, '');
    line.hasValue = rest.trim() !== '';
  }
  return line;
}

/** Path of the sequence that holds the item whose `-` is at `dashCol` on line `at`. */
function sequencePath(lines: BlockLine[], at: number, dashCol: number): string[] | undefined {
  for (let j = at - 1; j >= 0; j--) {
    const l = lines[j];
    if (l.blank) continue;
    if (l.dashCol === dashCol) continue; // an earlier item of the same sequence
    if (l.contentCol > dashCol) continue; // inside an earlier item
    if (l.key !== undefined && !l.hasValue && l.contentCol <= dashCol) {
      const parent = keyContainer(lines, j);
      return parent && [...parent, l.key];
    }
    return undefined;
  }
  return undefined;
}

/** Path of the mapping the key on line `at` belongs to. */
function keyContainer(lines: BlockLine[], at: number): string[] | undefined {
  const l = lines[at];
  if (l.dashCol !== undefined) {
    const seq = sequencePath(lines, at, l.dashCol);
    return seq && [...seq, '0'];
  }
  return mappingPath(lines, at, l.contentCol);
}

/** Path of the mapping a key at column `col` of line `at` would belong to. */
function mappingPath(lines: BlockLine[], at: number, col: number): string[] | undefined {
  for (let j = at - 1; j >= 0; j--) {
    const l = lines[j];
    if (l.blank) continue;
    if (l.dashCol !== undefined && l.dashCol < col && l.contentCol === col) {
      // `- by: x` above `  role: y`: both keys of one sequence item.
      const seq = sequencePath(lines, j, l.dashCol);
      return seq && [...seq, '0'];
    }
    if (l.contentCol >= col || (l.dashCol !== undefined && l.dashCol >= col)) continue;
    if (l.key !== undefined && !l.hasValue) {
      const parent = keyContainer(lines, j);
      return parent && [...parent, l.key];
    }
    return undefined;
  }
  return col === 0 ? [] : undefined;
}

/** Keys present in the mapping that the key on line `at`, column `col`, belongs to. */
function siblingKeys(lines: BlockLine[], at: number, col: number): string[] {
  const keys: string[] = [];
  const take = (l: BlockLine) => {
    if (l.key !== undefined && l.contentCol === col) keys.push(l.key);
  };
  for (let j = at - 1; j >= 0; j--) {
    const l = lines[j];
    if (l.blank) continue;
    if (l.dashCol !== undefined && l.dashCol < col) {
      take(l); // the first key of this item
      break;
    }
    if (l.contentCol < col) break;
    if (l.dashCol === undefined) take(l);
  }
  for (let j = at + 1; j < lines.length; j++) {
    const l = lines[j];
    if (l.blank) continue;
    if (l.contentCol < col || (l.dashCol !== undefined && l.dashCol < col)) break;
    if (l.dashCol === undefined) take(l);
  }
  return keys;
}

/** Scalar items of the sequence under the key on line `keyLine` (block or flow style). */
function sequenceItems(lines: BlockLine[], keyLine: number): string[] {
  const l = lines[keyLine];
  const out: string[] = [];
  const flow = /^\s*\[(.*)\]?\s*$/.exec(l.text.slice(l.colonCol ?? l.text.length));
  if (flow) for (const part of flow[1].replace(/\]\s*$/, '').split(',')) out.push(unquote(part.trim()));
  // Block items: `- x` lines at the column of the first one (at or right of the key's).
  let itemCol: number | undefined;
  for (let j = keyLine + 1; j < lines.length; j++) {
    const item = lines[j];
    if (item.blank) continue;
    if (item.dashCol === undefined || item.dashCol < l.contentCol) break;
    itemCol ??= item.dashCol;
    if (item.dashCol === itemCol) out.push(unquote(item.text.slice(item.contentCol).trim()));
  }
  return out.filter((v) => v !== '');
}

function unquote(value: string): string {
  return value.replace(/[ \t]+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2');
}

/** The line of the sequence key that owns the item on line `at` (its dash at `dashCol`). */
function sequenceKeyLine(lines: BlockLine[], at: number, dashCol: number): number {
  for (let j = at - 1; j >= 0; j--) {
    const l = lines[j];
    if (l.blank || l.dashCol === dashCol || l.contentCol > dashCol) continue;
    return l.key !== undefined && !l.hasValue ? j : -1;
  }
  return -1;
}

/** Index of the block line holding `offset`, or -1 outside the block's lines. */
function lineIndexAt(block: FrontmatterBlock, offset: number): number {
  if (offset < block.start || offset > block.end || (block.closed && offset === block.end)) return -1;
  let lo = 0;
  let hi = block.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (block.lines[mid].offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return hi >= 0 && block.lines[lo].offset <= offset ? lo : -1;
}

/** Removes the first occurrence of `value` (the item being edited) from a list of items. */
function without(items: string[], value: string): string[] {
  const i = items.indexOf(value);
  return i === -1 ? items : [...items.slice(0, i), ...items.slice(i + 1)];
}

/** The end of the word at `from` (stops at whitespace, commas, brackets, quotes and comments). */
function wordEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !/[\s,\]\[{}"'#]/.test(text[i])) i++;
  return i;
}

/**
 * What is at `offset` in the frontmatter of `text`; undefined outside the frontmatter, on a
 * comment, or where the structure above cannot be read.
 */
export function frontmatterSpot(text: string, offset: number): FrontmatterSpot | undefined {
  const block = frontmatterBlock(text);
  if (!block) return undefined;
  const at = lineIndexAt(block, offset);
  if (at === -1) return undefined;
  const line = block.lines[at];
  const col = offset - line.offset;
  if (col > line.text.length) return undefined;
  const before = line.text.slice(0, col);
  if (/(^|[ \t])#/.test(before)) return undefined;

  // On the key itself, or typing a key where no colon follows yet.
  const onKey = line.key !== undefined && line.colonCol !== undefined && col <= line.colonCol - 1;
  const keyArea = /^[ ]*(?:-[ \t]+)?[^\s:#]*$/.test(before) && (line.key === undefined || onKey);
  if (keyArea) {
    const typedCol = line.blank ? col : line.contentCol;
    const wordStart = line.blank ? offset : line.offset + line.contentCol;
    const end = line.key !== undefined ? line.offset + line.contentCol + line.key.length : line.offset + wordEnd(line.text, col);
    if (line.dashCol !== undefined && line.key === undefined) {
      // `- x`: an item of the sequence above; a key if the items are mappings (decided by the caller).
      const seq = sequencePath(block.lines, at, line.dashCol);
      if (!seq) return undefined;
      const keyLine = sequenceKeyLine(block.lines, at, line.dashCol);
      const existing = keyLine >= 0 ? without(sequenceItems(block.lines, keyLine), unquote(line.text.slice(line.contentCol).trim())) : [];
      const partial = unquote(line.text.slice(line.contentCol, col));
      return { kind: 'value', path: [...seq, '0'], partial, start: line.offset + line.contentCol, end: line.offset + wordEnd(line.text, line.contentCol), item: true, existing, indent: line.contentCol };
    }
    if (line.blank && at > 0) {
      // A blank line right under a sequence key (`related:` then nothing): an item is expected.
      const above = block.lines.slice(0, at).reverse().find((l) => !l.blank);
      if (above && above.key !== undefined && !above.hasValue && typedCol > above.contentCol) {
        const container = keyContainer(block.lines, block.lines.indexOf(above));
        if (container) {
          const keyLine = block.lines.indexOf(above);
          return {
            kind: 'value',
            path: [...container, above.key, '0'],
            partial: '',
            start: offset,
            end: offset,
            item: true,
            existing: sequenceItems(block.lines, keyLine),
            needsDash: true,
            indent: typedCol,
            // A mapping under the key is also possible: the caller offers keys when the schema says so.
          };
        }
      }
    }
    const container = line.dashCol !== undefined ? keyContainer(block.lines, at) : mappingPath(block.lines, at, typedCol);
    if (!container) return undefined;
    return { kind: 'key', container, key: onKey ? line.key : undefined, start: line.blank ? wordStart : line.offset + line.contentCol, end: Math.max(end, offset), indent: typedCol, siblings: siblingKeys(block.lines, at, typedCol).filter((k) => k !== line.key) };
  }

  // After `key:`: its value, or an item of a flow sequence `[a, b]`.
  if (line.key === undefined || line.colonCol === undefined || col < line.colonCol) return undefined;
  const container = keyContainer(block.lines, at);
  if (!container) return undefined;
  const path = [...container, line.key];
  const value = line.text.slice(line.colonCol);
  const lead = /^[ \t]*/.exec(value)![0].length;
  const valueCol = line.colonCol + lead;
  if (value.trimStart().startsWith('[')) {
    const open = line.text.indexOf('[', line.colonCol);
    if (col <= open) return undefined;
    const segmentStart = Math.max(line.text.lastIndexOf(',', col - 1), open) + 1;
    const lead2 = /^[ \t]*["']?/.exec(line.text.slice(segmentStart, col))![0].length;
    const start = segmentStart + lead2;
    const end = wordEnd(line.text, col);
    const partial = line.text.slice(start, col);
    const existing = without(sequenceItems(block.lines, at), line.text.slice(start, end));
    return { kind: 'value', path: [...path, '0'], partial, start: line.offset + start, end: line.offset + end, item: true, existing, indent: line.contentCol };
  }
  const quote = /^["']/.test(line.text.slice(valueCol)) ? 1 : 0;
  const start = Math.min(valueCol + quote, Math.max(col, line.colonCol));
  const partial = col >= start ? line.text.slice(start, col) : '';
  const current = unquote(line.text.slice(valueCol).trim());
  return { kind: 'value', path, partial, start: line.offset + Math.min(start, col), end: line.offset + Math.max(col, wordEnd(line.text, start)), item: false, existing: current ? [current] : [], indent: line.contentCol };
}

/** The key path at `offset` when it is on a key or its value (for hover), with the key's offsets. */
export function frontmatterKeyAt(text: string, offset: number): { path: string[]; start: number; end: number; onValue: boolean } | undefined {
  const block = frontmatterBlock(text);
  if (!block) return undefined;
  const at = lineIndexAt(block, offset);
  if (at === -1) return undefined;
  const line = block.lines[at];
  const col = offset - line.offset;
  if (line.blank) return undefined;
  if (line.key !== undefined && line.colonCol !== undefined) {
    const container = keyContainer(block.lines, at);
    if (!container) return undefined;
    const start = line.offset + line.contentCol;
    const onKey = col >= line.contentCol && col < line.colonCol;
    if (!onKey && col < line.colonCol) return undefined;
    return { path: [...container, line.key], start, end: line.offset + line.colonCol - 1, onValue: !onKey };
  }
  if (line.dashCol !== undefined && col >= line.contentCol) {
    const seq = sequencePath(block.lines, at, line.dashCol);
    if (!seq) return undefined;
    return { path: [...seq, '0'], start: line.offset + line.contentCol, end: line.offset + line.text.replace(/\s+$/, '').length, onValue: true };
  }
  return undefined;
}
