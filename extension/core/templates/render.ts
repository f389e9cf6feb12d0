// Rendering a template: the body gets values as typed; the frontmatter gets them encoded for
// the YAML scalar each sits in (quoted, plain or a list), so no title can break the YAML.
import { isCollection, isPair, isScalar, parseDocument, visit, type Scalar } from 'yaml';
import { parseFrontmatter } from '../frontmatter';
import { msg } from '../message';
import { LineIndex } from '../text';
import { MARKER, markTokens, TemplateError, type Template } from './template-file';
import { valueText, type TemplateValue, type TemplateVariables, type Token } from './template-syntax';

/** The document a template makes with these variables. Throws TemplateError naming the template and line. */
export function renderTemplate(template: Template, variables: TemplateVariables): string {
  const { text, tokens } = template;
  const lines = new LineIndex(text);
  for (const token of tokens) {
    if (token.name !== undefined && !(token.name in variables)) {
      throw new TemplateError([{ file: template.file, range: lines.range(token.start, token.end), message: msg('Unknown variable "{0}" in template "{1}"', token.name, template.name) }]);
    }
  }
  const marked = markTokens(text, tokens);
  const yaml = renderYaml(template, marked, variables, lines);
  const head = text.slice(0, template.yamlStart);
  const fence = text.slice(template.yamlEnd, lineEndAfter(text, template.yamlEnd));
  const bodyStart = lineEndAfter(text, template.yamlEnd);
  const body = renderBody(text.slice(bodyStart), tokens, bodyStart, variables, text);
  const out = head + yaml + fence + body;
  const check = parseFrontmatter(out, new LineIndex(out));
  if (check.problem) {
    throw new TemplateError([{ file: template.file, range: lines.range(template.yamlStart, template.yamlStart), message: msg('The rendered frontmatter is not valid YAML ({0}); check the quoting in the template', check.problem.message.args?.[0]?.toString() ?? check.problem.message.text) }]);
  }
  return out;
}

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

const ONE_MARKER = new RegExp(MARKER.source);

function tokenOf(marker: string, tokens: readonly Token[]): Token | undefined {
  const m = ONE_MARKER.exec(marker);
  return m ? tokens[parseInt(m[1], 36)] : undefined;
}

function tokenValue(token: Token, variables: TemplateVariables, text: string): TemplateValue {
  if (token.escaped) return text.slice(token.start + 1, token.end);
  return variables[token.name!];
}

function unmarkValue(value: string, tokens: readonly Token[], variables: TemplateVariables, text: string): string {
  return value.replace(MARKER, (whole) => {
    const token = tokenOf(whole, tokens);
    return token ? valueText(tokenValue(token, variables, text)) : '';
  });
}

/** A string as a YAML plain scalar when that reads back as the same string, else double-quoted. */
export function yamlScalar(value: string, flow: boolean): string {
  if (value === '' || /[\r\n\t]/.test(value) || value !== value.trim()) return JSON.stringify(value);
  if (flow && /[,[\]{}]/.test(value)) return JSON.stringify(value);
  const probe = flow ? `k: [${value}]` : `k: ${value}`;
  const doc = parseDocument(probe, { schema: 'core', prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return JSON.stringify(value);
  let data: { k: unknown };
  try {
    data = doc.toJS({ maxAliasCount: 0 }) as { k: unknown };
  } catch {
    return JSON.stringify(value); // an alias such as `*ref`
  }
  const read = flow ? (Array.isArray(data.k) && data.k.length === 1 ? data.k[0] : undefined) : data.k;
  return read === value ? value : JSON.stringify(value);
}

function yamlList(values: readonly string[]): string {
  return `[${values.map((v) => yamlScalar(v, true)).join(', ')}]`;
}

function renderYaml(template: Template, marked: string, variables: TemplateVariables, lines: LineIndex): string {
  const { yamlStart, yamlEnd, metaStart, metaEnd, tokens, text } = template;
  const source = marked.slice(yamlStart, yamlEnd);
  const doc = parseDocument(source, { schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    throw new TemplateError([{ file: template.file, range: lines.range(yamlStart + doc.errors[0].pos[0], yamlStart + doc.errors[0].pos[0]), message: msg('Invalid YAML: {0}', doc.errors[0].message.split('\n')[0]) }]);
  }
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const skipFrom = metaStart - yamlStart;
  const skipTo = metaEnd - yamlStart;
  edits.push({ start: skipFrom, end: skipTo, text: '' });
  visit(doc, {
    Scalar(_key, node: Scalar, path) {
      const range = node.range;
      if (!range || range[0] >= skipFrom && range[1] <= skipTo) return;
      const raw = source.slice(range[0], range[1]);
      if (!ONE_MARKER.test(raw)) return;
      const flow = path.some((p) => isCollection(p) && p.flow === true);
      const parsed = typeof node.value === 'string' ? node.value : String(node.value);
      const whole = parsed.match(MARKER);
      const alone = whole !== null && whole.length === 1 && whole[0] === parsed;
      let out: string;
      if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
        out = unmarkValue(raw, tokens, variables, text);
      } else if (alone && node.type === 'PLAIN') {
        const token = tokenOf(parsed, tokens)!;
        const value = tokenValue(token, variables, text);
        const pair = path[path.length - 1];
        if (typeof value !== 'string' && !flow && value.length > 0 && isPair(pair) && pair.value === node && isScalar(pair.key) && pair.key.range) {
          // `related: {{related}}` becomes a block list under its key, as the KB writes lists.
          const keyStart = pair.key.range[0];
          const column = keyStart - (source.lastIndexOf('\n', keyStart - 1) + 1);
          let start = range[0];
          while (start > 0 && (source[start - 1] === ' ' || source[start - 1] === '\t')) start--;
          edits.push({ start, end: range[1], text: value.map((v) => `\n${' '.repeat(column + 2)}- ${yamlScalar(v, false)}`).join('') });
          return;
        }
        out = typeof value === 'string' ? yamlScalar(value, flow) : flow ? yamlScalar(valueText(value), true) : yamlList(value);
      } else {
        const value = unmarkValue(parsed, tokens, variables, text);
        out = node.type === 'QUOTE_SINGLE' ? `'${value.replace(/'/g, "''")}'` : node.type === 'QUOTE_DOUBLE' ? JSON.stringify(value) : yamlScalar(value, flow);
      }
      edits.push({ start: range[0], end: range[1], text: out });
    },
  });
  edits.sort((a, b) => b.start - a.start);
  let out = source;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  // Tokens left in comments: plain text.
  return unmarkValue(out, tokens, variables, text);
}

function renderBody(body: string, tokens: readonly Token[], base: number, variables: TemplateVariables, text: string): string {
  let out = '';
  let at = 0;
  for (const token of tokens) {
    if (token.start < base) continue;
    const start = token.start - base;
    out += body.slice(at, start) + valueText(tokenValue(token, variables, text));
    at = token.end - base;
  }
  return out + body.slice(at);
}
