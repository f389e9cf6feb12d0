// The whole template language: `{{name}}` is replaced by a value, `\{{name}}` stays literal.
// There are no conditions, loops, helpers or code: anything else in `{{ }}` is an error.
import { msg } from '../message';
import type { Message } from '../types';

export type TemplateValue = string | readonly string[];
export type TemplateVariables = Readonly<Record<string, TemplateValue>>;

export interface Token {
  /** Offsets of the whole token in the text, the escaping backslash included. */
  start: number;
  end: number;
  /** The variable name; undefined for an escaped or malformed token. */
  name?: string;
  /** True for `\{{...}}`, which renders as the literal `{{...}}`. */
  escaped: boolean;
  /** What is wrong with a malformed token. */
  problem?: Message;
}

const TOKEN = /(\\?)\{\{([^{}\r\n]*)\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isVariableName(name: string): boolean {
  return NAME.test(name);
}

/** Every `{{...}}` in `text`, in order. */
export function scanTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    const end = start + m[0].length;
    const escaped = m[1] === '\\';
    if (escaped) {
      tokens.push({ start, end, escaped });
      continue;
    }
    const inner = m[2].trim();
    // `{{{x}}}` is another engine's unescaped output; say so rather than render stray braces.
    if (text[start - 1] === '{' || text[end] === '}' || !NAME.test(inner)) {
      tokens.push({
        start,
        end,
        escaped,
        problem: msg('Unsupported template syntax "{0}": templates only substitute {{name}} variables; put a backslash before {{ to keep it as text', m[0]),
      });
      continue;
    }
    tokens.push({ start, end, name: inner, escaped });
  }
  return tokens;
}

/** A value as text: lists are joined with commas. */
export function valueText(value: TemplateValue): string {
  return typeof value === 'string' ? value : value.join(', ');
}

/** Renders a short template string such as a file name pattern or a default value. */
export function renderString(text: string, variables: TemplateVariables, encode?: (value: string, name: string) => string): string {
  let out = '';
  let at = 0;
  for (const token of scanTokens(text)) {
    if (token.problem) continue;
    out += text.slice(at, token.start);
    if (token.escaped) out += text.slice(token.start + 1, token.end);
    else if (token.name! in variables) {
      const value = valueText(variables[token.name!]);
      out += encode ? encode(value, token.name!) : value;
    } else out += text.slice(token.start, token.end);
    at = token.end;
  }
  return out + text.slice(at);
}
