// The template language and rendering: tokens, unknown variables named with file and line,
// and values encoded for the YAML scalar they land in, so no title breaks the frontmatter.
import { strict as assert } from 'node:assert';
import { parseDocument } from 'yaml';
import { TypeRegistry } from '../../extension/core/document-types';
import { parseTemplate, renderTemplate, scanTokens, TemplateError, yamlScalar, type Template } from '../../extension/core/templates';

const types = new TypeRegistry();

function template(text: string, file = '/repo/kb/_templates/t.md'): Template {
  return parseTemplate(file, text, types);
}

function problems(text: string, file = '/repo/kb/_templates/t.md'): Array<{ line: number; column: number; text: string; args: string }> {
  try {
    parseTemplate(file, text, types);
  } catch (error) {
    assert.ok(error instanceof TemplateError, String(error));
    return error.problems.map((p) => ({ line: p.range.line, column: p.range.column, text: p.message.text, args: (p.message.args ?? []).join('|') }));
  }
  assert.fail('expected the template to be rejected');
}

function frontmatter(text: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(m, `no frontmatter in:\n${text}`);
  const doc = parseDocument(m[1], { schema: 'core' });
  assert.deepEqual(doc.errors, []);
  return doc.toJS() as Record<string, unknown>;
}

const BASE = {
  title: '标题',
  slug: '标题',
  date: '2026-11-23',
  datetime: '2026-11-23T10:00:00+08:00',
  id: 'KB-0001',
  author: '张三',
};

const ARTICLE = `---
template:
  type: article
  prompts:
    - name: note
      label: 备注
      required: false
    - name: related
      kind: ids
id: {{id}}
title: {{title}}
type: article
owner: {{author}}
status: draft
tags: ["{{note}}", '{{note}}', {{note}}]
related: {{related}}
created: {{date}}
---

# {{title}}

## 概述

{{ note }} 与 \\{{ .Values.image }}
`;

describe('template syntax', () => {
  it('finds variables, with or without spaces, and escaped tokens', () => {
    const tokens = scanTokens('a {{title}} b {{ id }} c \\{{x}} d');
    assert.deepEqual(
      tokens.map((t) => [t.name, t.escaped]),
      [
        ['title', false],
        ['id', false],
        [undefined, true],
      ],
    );
  });

  it('rejects logic and other engines’ syntax with the position of the token', () => {
    const text = `---\ntemplate:\n  type: article\nid: {{id}}\n---\n\n{{#if x}}\n{{{title}}}\n{{ a b }}\n`;
    const found = problems(text);
    assert.deepEqual(
      found.filter((p) => p.text.startsWith('Unsupported')).map((p) => [p.line, p.column]),
      [
        [7, 1],
        [8, 2],
        [9, 1],
      ],
    );
  });
});

describe('template files', () => {
  it('names the template file and the line of an unknown variable', () => {
    const text = ARTICLE.replace('## 概述\n', '## 概述\n\n负责人：{{owner_name}}\n');
    const found = problems(text, '/repo/kb/_templates/my-article.md');
    assert.equal(found.length, 1);
    assert.equal(found[0].text.split(';')[0], 'Unknown variable "{0}" in template "{1}"');
    assert.equal(found[0].line, text.split('\n').findIndex((l) => l.includes('{{owner_name}}')) + 1);
    assert.equal(found[0].column, '负责人：'.length + 1);
    assert.match(found[0].args, /^owner_name\|my-article\|/);
  });

  it('rejects a file without a template block, an unknown type, an unknown setting and a bad prompt', () => {
    assert.equal(problems('# 没有 frontmatter\n')[0].text, 'A template starts with frontmatter holding a "template:" block');
    assert.equal(problems('---\nid: x\n---\n')[0].text, 'A template needs a "template:" block in its frontmatter, with at least "type"');
    const bad = problems('---\ntemplate:\n  type: runbook\n  folders: x\n  prompts:\n    - name: date\n    - name: ok\n      kind: multi\n---\n');
    assert.deepEqual(
      bad.map((p) => [p.line, p.text]).sort((a, b) => Number(a[0]) - Number(b[0])),
      [
        [3, 'Unknown document type "{0}"; expected one of {1}'],
        [4, 'Unknown template setting "{0}"; expected one of {1}'],
        [6, 'Prompt "{0}" has the name of a built-in variable'],
        [8, 'Unknown prompt kind "{0}"; expected one of {1}'],
      ],
    );
  });

  it('takes pick choices from the schema enum, and rejects choices the schema does not allow', () => {
    const ok = template('---\ntemplate:\n  type: case\n  prompts:\n    - name: severity\n      kind: pick\n---\n');
    assert.deepEqual(ok.prompts[0].choices.map((c) => c.value), ['P0', 'P1', 'P2', 'P3']);
    const bad = problems('---\ntemplate:\n  type: case\n  prompts:\n    - name: severity\n      kind: pick\n      choices: [P1, P5]\n---\n');
    assert.deepEqual(bad.map((p) => [p.line, p.text, p.args]), [[7, 'Choice "{0}" is not allowed by the schema of "{1}": {2}', 'P5|severity|P0, P1, P2, P3']]);
    const none = problems('---\ntemplate:\n  type: case\n  prompts:\n    - name: team\n      kind: pick\n---\n');
    assert.equal(none[0].text, 'Pick prompt "{0}" has no "choices", and type "{1}" has no list of values for "{2}" to take them from');
  });

  it('rejects a default that uses a prompt asked after it', () => {
    const found = problems('---\ntemplate:\n  type: article\n  prompts:\n    - name: a\n      default: "{{b}}"\n    - name: b\n---\n');
    assert.deepEqual(found.map((p) => [p.line, p.text]), [[6, 'The default of prompt "{0}" uses "{1}", which is not known until later']]);
  });
});

describe('rendering', () => {
  it('drops the template block and fills the body, keeping escaped tokens literal', () => {
    const out = renderTemplate(template(ARTICLE), { ...BASE, note: '备注', related: [] });
    assert.ok(!out.includes('template:'), out);
    assert.ok(!out.includes('prompts'), out);
    assert.match(out, /^---\nid: KB-0001\ntitle: 标题\ntype: article\n/);
    assert.match(out, /\n# 标题\n/);
    assert.match(out, /\n备注 与 \{\{ \.Values\.image \}\}\n$/);
    assert.deepEqual(frontmatter(out).related, []);
  });

  it('drops the template block wherever it sits, in block or flow style', () => {
    const middle = '---\nid: {{id}}\ntemplate:\n  type: article\n  # 注释\n  label: x\ntitle: {{title}}\n---\n正文 {{title}}\n';
    assert.equal(renderTemplate(template(middle), BASE), '---\nid: KB-0001\ntitle: 标题\n---\n正文 标题\n');
    const flow = '---\nid: {{id}}\ntitle: {{title}}\ntemplate: {type: article}\n---\n';
    assert.equal(renderTemplate(template(flow), BASE), '---\nid: KB-0001\ntitle: 标题\n---\n');
  });

  it('encodes every value for its YAML context, so the frontmatter reads back exactly', () => {
    const nasty = ['Kafka: 磁盘 "写满" # 告警', "it's", 'true', '123', '- 列表', '[x]', '{a}', '  前后空格  ', '@user', '*ref', 'a, b', '', '~', 'null', '2026-11-23', '\\反斜杠\\'];
    for (const value of nasty) {
      const out = renderTemplate(template(ARTICLE), { ...BASE, title: value, note: value, related: [] });
      const data = frontmatter(out);
      assert.equal(data.title, value, `title ${JSON.stringify(value)}:\n${out}`);
      assert.deepEqual(data.tags, [value, value, value], `tags ${JSON.stringify(value)}:\n${out}`);
    }
  });

  it('writes a list variable alone on its key as a block list, and empty as []', () => {
    const out = renderTemplate(template(ARTICLE), { ...BASE, note: 'x', related: ['CASE-2026-001', 'KB-0203'] });
    assert.match(out, /\nrelated:\n  - CASE-2026-001\n  - KB-0203\ncreated: 2026-11-23\n/);
    assert.deepEqual(frontmatter(out).related, ['CASE-2026-001', 'KB-0203']);
  });

  it('keeps CRLF line endings of a template written on Windows', () => {
    const out = renderTemplate(template(ARTICLE.replace(/\n/g, '\r\n')), { ...BASE, note: 'x', related: ['KB-0002'] });
    assert.ok(out.startsWith('---\r\nid: KB-0001\r\n'), JSON.stringify(out.slice(0, 40)));
    assert.ok(!out.includes('template:'));
    assert.match(out, /# 标题\r\n/);
  });

  it('refuses a variable it has no value for, naming the template and line', () => {
    const tpl = template(ARTICLE);
    const line = ARTICLE.split('\n').findIndex((l) => l.startsWith('tags:')) + 1;
    assert.throws(
      () => renderTemplate(tpl, { ...BASE, related: [] }),
      (error: unknown) => error instanceof TemplateError && error.problems[0].range.line === line && error.problems[0].file.endsWith('/t.md') && error.problems[0].message.args?.[0] === 'note',
    );
  });

  it('quotes a plain value only when YAML would read it as something else', () => {
    assert.equal(yamlScalar('P1', false), 'P1');
    assert.equal(yamlScalar('2026-11-23', false), '2026-11-23');
    assert.equal(yamlScalar('yes: no', false), '"yes: no"');
    assert.equal(yamlScalar('false', false), '"false"');
    assert.equal(yamlScalar('a,b', true), '"a,b"');
    assert.equal(yamlScalar('a,b', false), 'a,b');
  });
});
