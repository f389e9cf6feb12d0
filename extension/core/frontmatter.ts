// Frontmatter: the YAML block at the top of a document, parsed without running code,
// with the position of every key so findings can point at the key that is wrong.
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import matter from 'gray-matter';
import { parseSimpleYaml, type FastNode } from './frontmatter-fast';
import { msg } from './message';
import type { LineIndex } from './text';
import type { Frontmatter, FrontmatterProblem, KeyPosition, Range } from './types';

const OPEN_FENCE = /^---[ \t]*\r?$/;
const CLOSE_FENCE = /^(?:---|\.\.\.)[ \t]*\r?$/;
/** What other tools accept as an opening fence: `---js`, `---yaml`, `+++` (TOML), `;;;`. */
const FOREIGN_FENCE = /^(?:---\s*\S+|\+\+\+|;;;)/;

/** `fast: false` always reads the block with the YAML library (to compare the two readers). */
export function parseFrontmatter(text: string, lines: LineIndex, options: { fast?: boolean } = {}): Frontmatter {
  const result: Frontmatter = { data: {}, keys: {}, bodyStart: 0 };
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstLineEnd = lines.lineEnd(1);
  const first = text.slice(bom, firstLineEnd);

  if (!OPEN_FENCE.test(first)) {
    if (FOREIGN_FENCE.test(first)) {
      result.problem = {
        code: 'fence',
        message: msg('Unexpected frontmatter fence "{0}", expected a plain "---" line. Other languages are not parsed, so no code in them runs.', first.trim()),
        range: lines.lineRange(1),
      };
      // The block is still frontmatter to the author: its lines are not the document's body.
      const close = first.startsWith('---') ? '---' : first.slice(0, 3);
      for (let line = 2; line <= lines.lineCount; line++) {
        if (text.slice(lines.lineStart(line), lines.lineEnd(line)).trimEnd() === close) {
          result.bodyStart = line < lines.lineCount ? lines.lineStart(line + 1) : text.length;
          break;
        }
      }
    }
    return result;
  }

  let closeLine = -1;
  for (let line = 2; line <= lines.lineCount; line++) {
    const start = lines.lineStart(line);
    if (CLOSE_FENCE.test(text.slice(start, lines.lineEnd(line)))) {
      closeLine = line;
      break;
    }
  }
  if (closeLine === -1) {
    result.problem = { code: 'unclosed', message: msg('Unclosed frontmatter: expected a closing "---" line'), range: lines.lineRange(1) };
    return result;
  }

  const yamlStart = lines.lineStart(2);
  const yamlEnd = lines.lineStart(closeLine);
  result.range = lines.range(0, lines.lineEnd(closeLine));
  result.bodyStart = closeLine < lines.lineCount ? lines.lineStart(closeLine + 1) : text.length;

  const source = text.slice(yamlStart, yamlEnd);
  const simple = options.fast === false ? undefined : parseSimpleYaml(source);
  if (simple) {
    result.data = simple.data;
    collectSimpleKeys(simple.root, yamlStart, lines, result.keys);
    return result;
  }
  // The core schema keeps dates as the strings the author wrote; merge keys stay off.
  const doc = parseDocument(source, { schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number): Range => lines.range(yamlStart + offset, yamlStart + offset);

  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const firstLine = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    result.problem = { code: 'yaml', message: msg('Invalid YAML: {0}', firstLine), range: at(error.pos[0]) };
    return result;
  }
  const alias = findAlias(doc.contents);
  if (alias) {
    result.problem = { code: 'yaml', message: msg('YAML aliases are not supported in frontmatter; write the value out'), range: at(alias) };
    return result;
  }
  if (doc.contents === null) return result;
  if (!isMap(doc.contents)) {
    result.problem = {
      code: 'not-mapping',
      message: msg('Frontmatter must be a mapping of keys to values'),
      range: at(doc.contents.range?.[0] ?? 0),
    };
    return result;
  }

  const data = doc.toJS({ maxAliasCount: 0 }) as unknown;
  result.data = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  collectKeys(doc.contents, yamlStart, lines, result.keys);
  return result;
}

/** Offset of the first alias node, found without recursion. */
function findAlias(root: unknown): number | undefined {
  const stack: unknown[] = [root];
  let first: number | undefined;
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      const at = node.range?.[0] ?? 0;
      first = first === undefined ? at : Math.min(first, at);
      continue;
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) stack.push(item);
    } else if (typeof node === 'object' && 'key' in (node as object)) {
      const pair = node as Pair;
      stack.push(pair.key, pair.value);
    }
  }
  return first;
}

function collectKeys(root: Node, base: number, lines: LineIndex, out: Record<string, KeyPosition>): void {
  const stack: Array<{ node: unknown; path: string }> = [{ node: root, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const name = isScalar(keyNode) ? String(keyNode.value) : '';
        const full = path ? `${path}.${name}` : name;
        const keyRange = keyNode?.range ?? [0, 0, 0];
        const valueNode = pair.value as Node | null;
        const valueRange = valueNode?.range ?? [keyRange[0], keyRange[1], keyRange[1]];
        out[full] = {
          key: lines.range(base + keyRange[0], base + keyRange[1]),
          value: lines.range(base + valueRange[0], base + valueRange[1]),
          valueStart: base + valueRange[0],
          valueEnd: base + valueRange[1],
        };
        if (valueNode) stack.push({ node: valueNode, path: full });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const itemNode = item as Node;
        const full = `${path}.${i}`;
        const r = itemNode?.range ?? [0, 0, 0];
        const range = lines.range(base + r[0], base + r[1]);
        out[full] = { key: range, value: range, valueStart: base + r[0], valueEnd: base + r[1] };
        stack.push({ node: itemNode, path: full });
      });
    }
  }
}

/** collectKeys() for the fast reader's nodes: the same paths, ranges and order. */
function collectSimpleKeys(root: FastNode, base: number, lines: LineIndex, out: Record<string, KeyPosition>): void {
  const stack: Array<{ node: FastNode; path: string }> = [{ node: root, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node.pairs) {
      for (const pair of node.pairs) {
        const full = path ? `${path}.${pair.key}` : pair.key;
        const value = pair.value;
        out[full] = { key: lines.range(base + pair.keyStart, base + pair.keyEnd), value: lines.range(base + value.start, base + value.end), valueStart: base + value.start, valueEnd: base + value.end };
        stack.push({ node: value, path: full });
      }
    } else if (node.items) {
      node.items.forEach((item, i) => {
        const range = lines.range(base + item.start, base + item.end);
        out[`${path}.${i}`] = { key: range, value: range, valueStart: base + item.start, valueEnd: base + item.end };
        stack.push({ node: item, path: `${path}.${i}` });
      });
    }
  }
}

const refuse = (language: string) => () => {
  throw new Error(`frontmatter in "${language}" is not parsed`);
};

/**
 * gray-matter, made safe: only plain YAML through the same parser as documents, its
 * code-running engines replaced, and options always passed so its content cache stays empty.
 */
export function splitFrontmatter(text: string, lines: LineIndex): { data: Record<string, unknown>; body: string; problem?: FrontmatterProblem } {
  const parsed = parseFrontmatter(text, lines);
  if (parsed.problem) return { data: {}, body: text.slice(parsed.bodyStart), problem: parsed.problem };
  const file = matter(text, {
    language: 'yaml',
    engines: {
      yaml: { parse: () => parsed.data, stringify: refuse('yaml') },
      js: refuse('js'),
      javascript: refuse('javascript'),
      coffee: refuse('coffee'),
      coffeescript: refuse('coffeescript'),
      json: refuse('json'),
      toml: refuse('toml'),
    } as never,
  });
  return { data: parsed.data, body: file.content };
}
