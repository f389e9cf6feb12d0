// A small, strict XML reader for the JUnit tests: it throws on anything that is not
// well-formed (unbalanced tags, unquoted or duplicate attributes, bad entities, characters
// XML 1.0 forbids) and returns the element tree with entities decoded.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element, decoded. */
  text: string;
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(raw: string, at: number): string {
  return raw.replace(/&([^;]*);|&/g, (_whole, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare & at ${at}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ref in named) return named[ref];
    const num = /^#(?:x([0-9A-Fa-f]+)|(\d+))$/.exec(ref);
    if (!num) throw new Error(`unknown entity &${ref}; at ${at}`);
    const ch = String.fromCodePoint(num[1] ? parseInt(num[1], 16) : Number(num[2]));
    if (FORBIDDEN.test(ch)) throw new Error(`forbidden character reference &${ref}; at ${at}`);
    return ch;
  });
}

export function parseXml(src: string): XmlElement {
  if (FORBIDDEN.test(src)) throw new Error('a character XML 1.0 does not allow');
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const name = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) throw new Error(`expected a name at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') throw new Error(`expected < at ${i}`);
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      ws();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (i === before) throw new Error(`expected whitespace before an attribute at ${i}`);
      const key = name();
      ws();
      if (src[i] !== '=') throw new Error(`expected = at ${i}`);
      i++;
      ws();
      const quote = src[i];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute at ${i}`);
      const end = src.indexOf(quote, i + 1);
      if (end === -1) throw new Error('unterminated attribute');
      const raw = src.slice(i + 1, end);
      if (raw.includes('<')) throw new Error(`< in an attribute at ${i}`);
      if (key in el.attrs) throw new Error(`duplicate attribute ${key}`);
      el.attrs[key] = decode(raw, i);
      i = end + 1;
    }
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt === -1) throw new Error(`unclosed <${el.name}>`);
      const raw = src.slice(i, lt);
      if (raw.includes(']]>')) throw new Error(']]> in text');
      el.text += decode(raw, i);
      i = lt;
      if (src.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) throw new Error(`</${closing}> closes <${el.name}>`);
        ws();
        if (src[i] !== '>') throw new Error(`expected > at ${i}`);
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end === -1) throw new Error('unterminated declaration');
    i = end + 2;
  }
  ws();
  const root = element();
  ws();
  if (i !== src.length) throw new Error(`content after the root element at ${i}`);
  return root;
}
