// Frontmatter completions and key hovers: what is offered where the cursor (`|`) is.
import { strict as assert } from 'node:assert';
import { Engine } from '../../extension/core/engine';
import { frontmatterCompletions, knownOwners, localDateTime, type CompletionEntry } from '../../extension/core/completion';
import { frontmatterSpot } from '../../extension/core/frontmatter-lines';
import { keyHover } from '../../extension/core/schema-hover';
import { memoryHost } from './helpers/memory-host';

const NOW = new Date('2026-11-23T12:00:00Z');

const article = (id: string, title: string, extra = '') => `---\nid: ${id}\ntitle: ${title}\ntype: article\nowner: lisi\nstatus: published\n${extra}---\n\n## 概述\n\n正文。\n`;

async function kb(files: Record<string, string> = {}) {
  const host = memoryHost(
    {
      '/repo/kb/a.md': article('KB-0001', '部署指南', 'tags:\n  - 部署\n  - Kafka\n'),
      '/repo/kb/b.md': article('KB-0002', '监控告警', 'tags:\n  - 部署\n'),
      '/repo/kb/c.md': '---\nid: CASE-2026-004\ntitle: 旧案例\ntype: case\nowner: wangwu\nstatus: draft\ncategory: incident\nseverity: P1\noccurred_at: "2026-01-02T03:04:00+08:00"\n---\n',
      '/repo/baton.config.json': JSON.stringify({ team: ['zhangsan'], owners: { qianqi: '@qq' } }),
      ...files,
    },
    NOW,
  );
  const engine = await Engine.open(host, '/repo');
  await engine.scan();
  return engine;
}

/** Completions at the `|` in `source`, for a document at /repo/kb/new.md. */
async function complete(source: string, codeowners: string[] = []): Promise<{ entries: CompletionEntry[]; text: string; offset: number }> {
  const engine = await kb();
  const offset = source.indexOf('|');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  const entries = frontmatterCompletions({ text, offset, path: '/repo/kb/new.md', types: engine.types, index: engine.index, config: engine.config, rootDir: engine.rootDir, now: NOW, codeowners });
  return { entries, text, offset };
}

const labels = (entries: CompletionEntry[]) => entries.map((e) => e.label);

describe('frontmatter completions', () => {
  it('offers the keys a case allows, required first, without those already there', async () => {
    const { entries, offset } = await complete('---\nid: CASE-2026-010\ntype: case\n|\n---\n');
    const keys = labels(entries);
    for (const key of ['category', 'severity', 'occurred_at', 'title', 'owner', 'status', 'systems', 'related']) assert.ok(keys.includes(key), `offers ${key}`);
    assert.ok(!keys.includes('id') && !keys.includes('type'), 'leaves out keys already present');
    const severity = entries.find((e) => e.label === 'severity')!;
    assert.equal(severity.kind, 'key');
    assert.equal(severity.insertText, 'severity: ');
    assert.equal(severity.detail, 'P0 | P1 | P2 | P3');
    assert.ok(severity.retrigger);
    assert.match(severity.documentation!.en!, /P0 urgent/);
    assert.match(severity.documentation!.zh!, /P0 紧急/);
    assert.deepEqual([severity.start, severity.end], [offset, offset]);
    const required = entries.filter((e) => e.note?.text === 'required').map((e) => e.label).sort();
    assert.deepEqual(required, ['category', 'occurred_at', 'owner', 'severity', 'status', 'title']);
    const sorted = [...entries].sort((a, b) => a.sortText.localeCompare(b.sortText));
    assert.equal(sorted.slice(0, required.length).every((e) => e.note?.text === 'required'), true);
    assert.equal(entries.find((e) => e.label === 'systems')!.insertText, 'systems:\n  - ');
  });

  it('replaces a partly typed key', async () => {
    const { entries, text } = await complete('---\ntype: case\nsev|\n---\n');
    const severity = entries.find((e) => e.label === 'severity')!;
    assert.equal(text.slice(severity.start, severity.end), 'sev');
  });

  it('offers enum values after the colon, replacing the whole value', async () => {
    const { entries, text } = await complete('---\ntype: case\nseverity: P|3\n---\n');
    assert.deepEqual(labels(entries), ['P0', 'P1', 'P2', 'P3']);
    assert.equal(text.slice(entries[0].start, entries[0].end), 'P3');
    assert.ok(entries.every((e) => e.kind === 'enum'));
  });

  it('offers the types, and the next free id of the type', async () => {
    const types = await complete('---\ntype: |\n---\n');
    assert.deepEqual(labels(types.entries).sort(), ['article', 'case', 'change', 'checklist', 'handover']);
    const id = await complete('---\nid: |\ntype: case\n---\n');
    assert.deepEqual(labels(id.entries), ['CASE-2026-005']);
  });

  it('offers existing ids with their titles for related, leaving out those listed', async () => {
    const block = await complete('---\nid: KB-0009\ntype: article\nrelated:\n  - KB-0001\n  - |\n---\n');
    assert.deepEqual(labels(block.entries), ['CASE-2026-004', 'KB-0002']);
    assert.equal(block.entries[1].detail, '监控告警');
    assert.match(block.entries[1].documentation!.en!, /article · kb\/b\.md/);
    const flow = await complete('---\ntype: article\nrelated: [KB-0002, KB-|]\n---\n');
    assert.deepEqual(labels(flow.entries), ['CASE-2026-004', 'KB-0001']);
    assert.equal(flow.text.slice(flow.entries[0].start, flow.entries[0].end), 'KB-');
    const blank = await complete('---\ntype: article\nrelated:\n  |\n---\n');
    assert.deepEqual(blank.entries.map((e) => e.insertText), ['- CASE-2026-004', '- KB-0001', '- KB-0002']);
  });

  it('offers owners from config, CODEOWNERS and the KB', async () => {
    const { entries } = await complete('---\ntype: article\nowner: |\n---\n', ['qq', 'ops-team']);
    assert.deepEqual(labels(entries), ['lisi', 'wangwu', 'ops-team', 'qianqi', 'zhangsan']);
    assert.equal(entries.find((e) => e.label === 'ops-team')!.note!.text, 'from CODEOWNERS');
    assert.deepEqual(entries.find((e) => e.label === 'lisi')!.note, { text: 'used in {0} documents', args: [2] });
    const reviewers = await complete('---\ntype: article\nreviewers:\n  - lisi\n  - |\n---\n');
    assert.ok(!labels(reviewers.entries).includes('lisi'));
  });

  it("offers today's date and the current time with an offset", async () => {
    const date = await complete('---\ntype: article\nupdated: |\n---\n');
    assert.deepEqual(labels(date.entries), ['2026-11-23']);
    const time = await complete('---\ntype: case\noccurred_at: |\n---\n');
    assert.equal(time.entries[0].insertText, `"${localDateTime(NOW)}"`);
    assert.match(localDateTime(NOW), /^2026-11-2\dT\d\d:\d\d:00[+-]\d\d:\d\d$/);
    const quoted = await complete('---\ntype: case\noccurred_at: "|"\n---\n');
    assert.equal(quoted.entries[0].insertText, localDateTime(NOW));
  });

  it('offers keys of nested mappings and of mappings in a list', async () => {
    const reviewed = await complete('---\ntype: article\nreviewed:\n  by: lisi\n  |\n---\n');
    assert.deepEqual(labels(reviewed.entries).sort(), ['at', 'commit', 'reason']);
    const signed = await complete('---\ntype: handover\nsigned_off:\n  - by: 张三\n    |\n---\n');
    assert.deepEqual(labels(signed.entries).sort(), ['at', 'role']);
    const item = await complete('---\ntype: handover\nsigned_off:\n  - |\n---\n');
    assert.deepEqual(labels(item.entries).sort(), ['at', 'by', 'role']);
    const from = await complete('---\ntype: handover\nfrom:\n  |\n---\n');
    assert.deepEqual(labels(from.entries).sort(), ['org', 'person']);
  });

  it('offers values other documents use in a free list', async () => {
    const { entries } = await complete('---\ntype: article\ntags:\n  - |\n---\n');
    assert.deepEqual(labels(entries), ['部署', 'Kafka']);
  });

  it('keeps working on a line below broken YAML, and offers nothing outside the frontmatter', async () => {
    const broken = await complete('---\ntype: case\ntitle: [unclosed\nsev|\n---\n');
    assert.ok(labels(broken.entries).includes('severity'));
    const body = await complete('---\ntype: case\n---\n\nseverity: |\n');
    assert.deepEqual(body.entries, []);
    const unclosed = await complete('---\ntype: case\nseverity: |');
    assert.deepEqual(labels(unclosed.entries), ['P0', 'P1', 'P2', 'P3']);
    const comment = await complete('---\ntype: case\n# sev|\n---\n');
    assert.deepEqual(comment.entries, []);
  });

  it('finds the sequence of an item in compact and indented style', () => {
    const compact = 'related:\n- KB-1\n- |';
    const spot = frontmatterSpot(`---\n${compact.replace('|', '')}\n---\n`, 4 + compact.indexOf('|'));
    assert.deepEqual(spot && spot.kind === 'value' && [spot.path, spot.existing], [['related', '0'], ['KB-1']]);
  });

  it('ranks owners by how often the KB names them', async () => {
    const engine = await kb();
    assert.deepEqual(
      knownOwners(engine.config, engine.index).map((o) => [o.name, o.source, o.count]),
      [['lisi', 'kb', 2], ['wangwu', 'kb', 1], ['qianqi', 'team', 0], ['zhangsan', 'team', 0]],
    );
  });
});

describe('key hovers', () => {
  async function hover(source: string) {
    const engine = await kb();
    const offset = source.indexOf('|');
    const text = source.slice(0, offset) + source.slice(offset + 1);
    return { hover: keyHover(text, offset, engine.types), text };
  }

  it("describes a key from its type's schema in both languages", async () => {
    const { hover: h, text } = await hover('---\ntype: case\nsev|erity: P1\n---\n');
    assert.ok(h);
    assert.equal(h.path, 'severity');
    assert.equal(text.slice(h.start, h.end), 'severity');
    assert.equal(h.summary, 'P0 | P1 | P2 | P3');
    assert.equal(h.required, true);
    assert.equal(h.typeName, 'case');
    assert.match(h.description!.zh!, /支持级别/);
  });

  it('describes nested keys and items, and the type named by `type`', async () => {
    const nested = await hover('---\ntype: article\nreviewed:\n  b|y: lisi\n---\n');
    assert.equal(nested.hover?.path, 'reviewed.by');
    assert.equal(nested.hover?.required, true, '`by` is required within `reviewed`');
    assert.equal(nested.hover?.description?.en, 'Who reviewed.');
    const type = await hover('---\ntype: ca|se\n---\n');
    assert.equal(type.hover?.type?.name, 'case');
    assert.match(type.hover!.type!.description!.zh!, /案例/);
    assert.equal((await hover('---\ntype: case\nnot_a_key|: 1\n---\n')).hover, undefined);
    assert.equal((await hover('---\ntype: case\n---\nsev|erity: P1\n')).hover, undefined);
  });
});
