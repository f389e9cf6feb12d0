// The frontmatter most documents have, read without the YAML library, which costs ten times
// as much: keys with plain or simply quoted strings, lists of them, and mappings of them one
// level down. Anything else (numbers, booleans, nulls, comments, flow collections, anchors,
// tags, escapes, block scalars, tabs, carriage returns, blank lines) is declined, and the
// YAML library reads the block. What it accepts, it reads as the library does: the same data
// and the same ranges (offsets into the source, the library's `range[0..1]`).

export interface FastNode {
  start: number;
  end: number;
  /** A string scalar. */
  value?: string;
  items?: FastNode[];
  pairs?: FastPair[];
}

export interface FastPair {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: FastNode;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;
/** Plain scalars the core schema reads as something other than a string. */
const NOT_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** Tabs, carriage returns, other control characters, and what YAML may read as a line break or a mark. */
const UNUSUAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** Characters a plain scalar may not start with here (indicators, and `-` to keep clear of items). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** A key that is a string as written: not `true`, `null` and the like, which the core schema reads otherwise, nor `__proto__`. */
function plainKey(key: string): boolean {
  return key !== '__proto__' && !NOT_STRING.test(key);
}

/** A scalar written on one line from `at` (trailing spaces allowed), or undefined to decline. */
function scalar(line: string, at: number, offset: number): FastNode | undefined {
  const text = line.slice(at).replace(/ +$/, '');
  if (text === '') return undefined;
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const inner = text.slice(1, -1);
    if (text.length < 2 || text[text.length - 1] !== quote || inner.includes(quote) || (quote === '"' && inner.includes('\\'))) return undefined;
    return { start: offset + at, end: offset + at + text.length, value: inner };
  }
  if (INDICATOR.test(text) || text.includes(' #') || text.includes(': ') || text.endsWith(':') || NOT_STRING.test(text)) return undefined;
  return { start: offset + at, end: offset + at + text.length, value: text };
}

/**
 * Reads `source` (the lines between the fences, each ending in a newline) when it is of the
 * simple kind; undefined otherwise.
 */
export function parseSimpleYaml(source: string): { data: Record<string, unknown>; root: FastNode } | undefined {
  if (source === '' || !source.endsWith('\n') || UNUSUAL.test(source)) return undefined;
  const lines = source.slice(0, -1).split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const pairs: FastPair[] = [];
  const data: Record<string, unknown> = {};
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const m = KEY.exec(line);
    if (!m || !plainKey(m[1]) || Object.hasOwn(data, m[1])) return undefined;
    const key = m[1];
    const keyStart = starts[i];
    let value: FastNode | undefined;
    if (m[0].length < line.length && line.slice(m[0].length).trim() !== '') {
      value = scalar(line, m[0].length, starts[i]);
      if (!value) return undefined;
      data[key] = value.value;
      i++;
    } else {
      // A block below the key: a list of scalars, or a mapping of them, each line indented alike.
      const next = lines[i + 1];
      if (next === undefined) return undefined;
      const indent = next.length - next.trimStart().length;
      const rest = next.slice(indent);
      let j = i + 1;
      if (rest.startsWith('- ')) {
        const items: FastNode[] = [];
        while (j < lines.length && lines[j].startsWith('- ', indent) && lines[j].slice(0, indent).trim() === '') {
          const item = scalar(lines[j], indent + 2, starts[j]);
          if (!item || lines[j][indent + 2] === ' ') return undefined;
          items.push(item);
          j++;
        }
        value = { start: starts[i + 1] + indent, end: starts[j - 1] + lines[j - 1].length + 1, items };
        data[key] = items.map((item) => item.value);
      } else if (indent > 0) {
        const nested: FastPair[] = [];
        const object: Record<string, unknown> = {};
        while (j < lines.length && lines[j].slice(0, indent).trim() === '' && lines[j][indent] !== ' ') {
          const inner = KEY.exec(lines[j].slice(indent));
          if (!inner || !plainKey(inner[1]) || Object.hasOwn(object, inner[1])) return undefined;
          const item = scalar(lines[j], indent + inner[0].length, starts[j]);
          if (!item) return undefined;
          nested.push({ key: inner[1], keyStart: starts[j] + indent, keyEnd: starts[j] + indent + inner[1].length, value: item });
          object[inner[1]] = item.value;
          j++;
        }
        value = { start: starts[i + 1] + indent, end: starts[j - 1] + lines[j - 1].length + 1, pairs: nested };
        data[key] = object;
      } else {
        return undefined;
      }
      // What follows the block must be the next key at the left edge.
      if (j < lines.length && lines[j][0] === ' ') return undefined;
      i = j;
    }
    pairs.push({ key, keyStart, keyEnd: keyStart + key.length, value });
  }
  return { data, root: { start: 0, end: source.length, pairs } };
}
