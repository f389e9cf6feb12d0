// Ids named in a document's text: found in frontmatter and body, not in code or link targets,
// recorded in the index, and listed as references of the document they name.
import { strict as assert } from 'node:assert';
import { Engine } from '../../extension/core/engine';
import { idAt, idMentions, idOccurrences } from '../../extension/core/id-references';
import { parseText } from '../../extension/core/parse-document';
import { referenceSites, referrers } from '../../extension/core/references';
import { LineIndex } from '../../extension/core/text';
import { memoryHost } from './helpers/memory-host';

const TEXT = [
  '---',
  'id: KB-0009',
  'type: article',
  'related:',
  '  - CASE-2026-001',
  'affects: [CHG-2026-002, src/app/KB-0003.ts]',
  '---',
  '',
  '见CASE-2026-002的分析，以及 KB-0001。UTF-8 与 ISO 8601 不是编号，P0 也不是。',
  '',
  '```',
  'CASE-2026-003 在代码里',
  '```',
  '',
  '[KB-0004 部署](../02/CASE-2026-005-Kafka.md) 和 `KB-0006`，CASE-2026-007-Kafka磁盘.md',
  '',
].join('\n');

function occurrences(text: string) {
  const doc = parseText('/repo/kb/x.md', text);
  return idOccurrences(text, doc, new LineIndex(text));
}

describe('id references', () => {
  it('finds ids in frontmatter and body, next to Chinese text, but not in code or link targets', () => {
    const found = occurrences(TEXT).map((o) => o.id);
    assert.deepEqual(found, ['KB-0009', 'CASE-2026-001', 'CHG-2026-002', 'CASE-2026-002', 'KB-0001', 'UTF-8', 'KB-0004', 'KB-0006', 'CASE-2026-007-Kafka']);
    for (const o of occurrences(TEXT)) assert.equal(TEXT.slice(o.start, o.end), o.id);
  });

  it('records what a document mentions, without its own id', () => {
    const doc = parseText('/repo/kb/x.md', TEXT);
    const mentions = idMentions(TEXT, doc, new LineIndex(TEXT));
    assert.ok(!mentions.includes('KB-0009'));
    assert.ok(mentions.includes('CASE-2026-001') && mentions.includes('KB-0004'));
  });

  it('finds the id under a cursor, at either end too', () => {
    const list = occurrences(TEXT);
    const at = TEXT.indexOf('CASE-2026-002');
    assert.equal(idAt(list, at)?.id, 'CASE-2026-002');
    assert.equal(idAt(list, at + 'CASE-2026-002'.length)?.id, 'CASE-2026-002');
    assert.equal(idAt(list, TEXT.indexOf('不是编号')), undefined);
  });

  it('lists the documents that link to a document or name its id, and where', async () => {
    const doc = (id: string, body: string, extra = '') => `---\nid: ${id}\ntitle: ${id}\ntype: article\nowner: lisi\nstatus: published\n${extra}---\n\n## 概述\n\n${body}\n`;
    const host = memoryHost({
      '/repo/kb/target.md': doc('KB-0001', '目标。'),
      '/repo/kb/linker.md': doc('KB-0002', '见 [目标](target.md#概述)。'),
      '/repo/kb/namer.md': doc('KB-0003', '参见 KB-0001。', 'related:\n  - KB-0001\n'),
      '/repo/kb/other.md': doc('KB-0004', '无关。'),
    });
    const engine = await Engine.open(host, '/repo');
    await engine.scan();
    assert.deepEqual(engine.index.mentionedBy('KB-0001'), ['/repo/kb/namer.md']);
    assert.deepEqual(referrers(engine.index, '/repo/kb/target.md'), [
      { path: '/repo/kb/linker.md', links: true, mentions: false },
      { path: '/repo/kb/namer.md', links: false, mentions: true },
    ]);
    const namerText = host.fs.text('/repo/kb/namer.md');
    const sites = referenceSites(engine.index.get('/repo/kb/namer.md')!, namerText, { path: '/repo/kb/target.md', id: 'KB-0001' }, '/repo');
    assert.deepEqual(sites.map((s) => [s.kind, s.range.line, namerText.slice(s.start, s.end)]), [['id', 8, 'KB-0001'], ['id', 13, 'KB-0001']]);
    const linkerText = host.fs.text('/repo/kb/linker.md');
    const links = referenceSites(engine.index.get('/repo/kb/linker.md')!, linkerText, { path: '/repo/kb/target.md', id: 'KB-0001' }, '/repo');
    assert.deepEqual(links.map((s) => [s.kind, linkerText.slice(s.start, s.end)]), [['link', '[目标](target.md#概述)']]);

    // Editing the namer to drop the id removes it from the references.
    await engine.update('/repo/kb/namer.md', doc('KB-0003', '无。'));
    assert.deepEqual(referrers(engine.index, '/repo/kb/target.md').map((r) => r.path), ['/repo/kb/linker.md']);
  });
});
