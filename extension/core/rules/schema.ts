// schema: frontmatter conforms to its type's JSON Schema; each error points at its key.
import { msg } from '../message';
import { knownKeys, propertySchema, type DocumentType } from '../document-types';
import { closest } from '../suggest';
import { pointRange } from '../text';
import type { FileRule, FileRuleContext, Reporter } from '../rule';
import type { Fix, KeyPosition, Range } from '../types';
import type { ErrorObject } from 'ajv';

const HINTS: Record<string, string> = {
  'date-time': '2026-03-14T09:20:00+08:00',
  date: '2026-03-14',
};

export const schemaRule: FileRule = {
  id: 'schema',
  scope: 'file',
  defaultSeverity: 'error',
  description: msg('Frontmatter matches the schema of its document type'),
  docs: 'The frontmatter is validated against `schemas/<type>.schema.json` (JSON Schema 2020-12). Each error points at the key that is wrong; an enum error lists the allowed values and offers each as a fix; a missing field can be added with its default or a placeholder; an unknown key suggests the closest known one.',
  check(ctx, report) {
    const { doc, type, types } = ctx;
    const fm = doc.frontmatter;
    if (doc.limit || fm.problem || !fm.range) return;
    const typeName = fm.data.type;
    if (!type) {
      const where = fm.keys.type;
      const names = types.names();
      if (typeName === undefined) {
        report({ range: headRange(ctx), message: msg('Missing "type": expected one of {0}', names.join(', ')), fixes: names.map((n) => addKeyFix(ctx, 'type', n)) });
      } else {
        report({
          range: where?.value ?? headRange(ctx),
          message: msg('Unknown document type "{0}", expected one of {1}', String(typeName), names.join(', ')),
          fixes: where ? names.map((n) => replaceFix(where.valueStart, where.valueEnd, n)) : undefined,
        });
      }
      return;
    }
    if (type.validate(fm.data)) return;
    for (const error of type.validate.errors ?? []) reportError(ctx, type, error, report);
  },
};

function keyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function headRange(ctx: FileRuleContext): Range {
  return ctx.doc.frontmatter.range ? pointRange(ctx.doc.frontmatter.range.line) : pointRange(1);
}

function replaceFix(start: number, end: number, value: string): Fix {
  return { title: msg('Change to "{0}"', value), edits: [{ start, end, text: value }] };
}

/** Adds `key: value` as the last line of the frontmatter block. */
function addKeyFix(ctx: FileRuleContext, key: string, value: string): Fix {
  const closeLine = ctx.doc.frontmatter.range!.endLine;
  const at = ctx.lines.lineStart(closeLine);
  return { title: msg('Add "{0}: {1}"', key, value), edits: [{ start: at, end: at, text: `${key}: ${value}\n` }] };
}

function renameKeyFix(ctx: FileRuleContext, keyAt: KeyPosition, name: string): Fix {
  const start = ctx.lines.lineStart(keyAt.key.line) + keyAt.key.column - 1;
  const end = ctx.lines.lineStart(keyAt.key.endLine) + keyAt.key.endColumn - 1;
  return { title: msg('Rename to "{0}"', name), edits: [{ start, end, text: name }], preferred: true };
}

function placeholderFor(type: DocumentType, key: string): string {
  const schema = propertySchema(type, [key]) ?? {};
  if (schema.default !== undefined) return JSON.stringify(schema.default).replace(/^"(.*)"$/, '$1');
  if (schema.type === 'array') return '[]';
  if (Array.isArray(schema.enum)) return String(schema.enum[0]);
  if (schema.type === 'object') return '{}';
  const format = typeof schema.format === 'string' ? HINTS[schema.format] : undefined;
  return format ? `"${format}"` : 'TODO';
}

function reportError(ctx: FileRuleContext, type: DocumentType, error: ErrorObject, report: Reporter): void {
  const fm = ctx.doc.frontmatter;
  const path = keyPath(error.instancePath);
  const at = fm.keys[path];
  const valueRange = at?.value ?? headRange(ctx);
  const name = path || 'frontmatter';
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const full = path ? `${path}.${missing}` : missing;
      // `titl:` for a missing `title`: renaming it is the fix (fix-all must not add a second title).
      const known = knownKeys(type, []);
      const typo = path ? undefined : Object.keys(fm.data).find((k) => !known.includes(k) && closest(k, [missing]) === missing && fm.keys[k]);
      const add = path ? undefined : addKeyFix(ctx, missing, placeholderFor(type, missing));
      report({
        range: path ? at?.key ?? headRange(ctx) : headRange(ctx),
        message: msg('Missing required field "{0}"', full),
        fixes: !add ? undefined : typo ? [renameKeyFix(ctx, fm.keys[typo], missing), add] : [{ ...add, preferred: true }],
      });
      return;
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      report({
        range: valueRange,
        message: msg('Unexpected value for "{0}", expected one of {1}', name, allowed.join(', ')),
        fixes: at ? allowed.map((v) => replaceFix(at.valueStart, at.valueEnd, v)) : undefined,
      });
      return;
    }
    case 'const': {
      const expected = String((error.params as { allowedValue: unknown }).allowedValue);
      report({ range: valueRange, message: msg('Unexpected value for "{0}", expected {1}', name, expected) });
      return;
    }
    case 'unevaluatedProperties':
    case 'additionalProperties': {
      const key = (error.params as { unevaluatedProperty?: string; additionalProperty?: string }).unevaluatedProperty ?? (error.params as { additionalProperty: string }).additionalProperty;
      const full = path ? `${path}.${key}` : key;
      const keyAt = fm.keys[full];
      const suggestion = closest(key, knownKeys(type, path ? path.split('.') : []));
      report({
        range: keyAt?.key ?? valueRange,
        message: suggestion ? msg('Unknown field "{0}"; did you mean "{1}"?', full, suggestion) : msg('Unknown field "{0}"', full),
        fixes: suggestion && keyAt ? [renameKeyFix(ctx, keyAt, suggestion)] : undefined,
      });
      return;
    }
    case 'pattern':
      if (path === 'id') return; // the id-format rule says it better
      report({ range: valueRange, message: msg('Value of "{0}" does not match the pattern {1}', name, String((error.params as { pattern: string }).pattern)) });
      return;
    case 'format': {
      const format = String((error.params as { format: string }).format);
      report({ range: valueRange, message: msg('Value of "{0}" is not a valid {1}; expected something like {2}', name, format, HINTS[format] ?? format) });
      return;
    }
    case 'type':
      report({ range: valueRange, message: msg('Value of "{0}" must be of type {1}', name, String((error.params as { type: string }).type)) });
      return;
    case 'if':
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return; // the specific errors under them are reported on their own
    default:
      report({ range: valueRange, message: msg('Invalid "{0}": {1}', name, error.message ?? error.keyword) });
  }
}

