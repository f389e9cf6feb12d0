// Maps a JSON pointer to the source range of that key, using the yaml package's CST
// (JSON is YAML), so config errors point at the key that is wrong.
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { LineIndex } from './text';
import type { Range } from './types';

export function keyRangeFromPointer(doc: Document, lines: LineIndex, pointer: string): Range {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  let range: [number, number] = [0, 0];
  const first = (doc.contents as Node | null)?.range;
  if (first) range = [first[0], first[0] + 1];
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === part);
      if (!pair) break;
      const key = pair.key as Node;
      if (key.range) range = [key.range[0], key.range[1]];
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(part)] as Node | undefined;
      if (!item) break;
      if (item.range) range = [item.range[0], item.range[1]];
      node = item;
    } else break;
  }
  return lines.range(range[0], range[1]);
}
