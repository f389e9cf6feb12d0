// Incremental index updates: which documents are re-checked when one changes, is created,
// deleted or renamed, and that their cross-file findings follow.
import { strict as assert } from 'node:assert';
import { Engine } from '../../extension/core/engine';
import { documentEdited, fileChanged, fileDeleted } from '../../extension/core/workspace-changes';
import { memoryHost } from './helpers/memory-host';

const doc = (id: string, body: string, extra = '') => `---\nid: ${id}\ntitle: ${id}\ntype: article\nowner: lisi\nstatus: published\n${extra}---\n\n## 概述\n\n${body}\n`;

async function setup() {
  const host = memoryHost({
    '/repo/kb/target.md': doc('KB-0001', '目标。\n\n## 步骤\n\n内容。'),
    '/repo/kb/linker.md': doc('KB-0002', '见 [步骤](target.md#步骤)。'),
    '/repo/kb/namer.md': doc('KB-0003', '相关文档见元数据。', 'related:\n  - KB-0001\n'),
    '/repo/kb/other.md': doc('KB-0004', '另一篇文档。'),
    '/repo/kb/sub/deep.md': doc('KB-0005', '见 [图](../img/arch.png) 与 [新](../fresh.md)。'),
  });
  const engine = await Engine.open(host, '/repo');
  await engine.scan();
  return { host, engine };
}

const rules = (engine: Engine, path: string) => engine.findings(path).map((f) => f.ruleId);

describe('incremental updates', () => {
  it('re-checks only the edited document when its body text changes', async () => {
    const { engine } = await setup();
    const { affected } = await documentEdited(engine, '/repo/kb/target.md', doc('KB-0001', '改过的目标。\n\n## 步骤\n\n内容。'));
    assert.deepEqual(affected, ['/repo/kb/target.md']);
  });

  it('re-checks the documents linking to it when its headings change', async () => {
    const { engine } = await setup();
    const { affected } = await documentEdited(engine, '/repo/kb/target.md', doc('KB-0001', '目标。\n\n## 操作\n\n内容。'));
    assert.deepEqual(affected.sort(), ['/repo/kb/linker.md', '/repo/kb/target.md']);
    assert.deepEqual(rules(engine, '/repo/kb/linker.md'), ['broken-link']);
  });

  it('re-checks the documents naming its old and new id, and those sharing the new one', async () => {
    const { engine } = await setup();
    const { affected } = await documentEdited(engine, '/repo/kb/target.md', doc('KB-0004', '目标。\n\n## 步骤\n\n内容。'));
    assert.deepEqual(affected.sort(), ['/repo/kb/namer.md', '/repo/kb/other.md', '/repo/kb/target.md']);
    assert.deepEqual(rules(engine, '/repo/kb/namer.md'), ['unknown-reference']);
    assert.deepEqual(rules(engine, '/repo/kb/other.md'), ['unique-id']);
  });

  it('follows a rename (delete then create) into the findings of the documents that refer to it', async () => {
    const { host, engine } = await setup();
    const text = host.fs.text('/repo/kb/target.md');
    host.fs.files.delete('/repo/kb/target.md');
    const gone = fileDeleted(engine, '/repo/kb/target.md');
    // deep.md's broken link to ../fresh.md is in the same folder, but "fresh" is too far from
    // "target" for a suggestion to change: it is not re-checked.
    assert.deepEqual(gone.sort(), ['/repo/kb/linker.md', '/repo/kb/namer.md', '/repo/kb/target.md']);
    assert.equal(engine.index.get('/repo/kb/target.md'), undefined);
    assert.deepEqual(rules(engine, '/repo/kb/linker.md'), ['broken-link']);
    assert.deepEqual(rules(engine, '/repo/kb/namer.md'), ['unknown-reference']);

    host.fs.put('/repo/kb/targets.md', text);
    const back = await fileChanged(engine, '/repo/kb/targets.md');
    assert.ok(back.includes('/repo/kb/namer.md') && back.includes('/repo/kb/targets.md'));
    assert.deepEqual(rules(engine, '/repo/kb/namer.md'), [], 'the id is back under its new name');
    assert.match(engine.findings('/repo/kb/linker.md')[0].message.args!.join(' '), /targets\.md/, 'the broken link now suggests the new name');
    assert.ok(back.includes('/repo/kb/linker.md'), 'and the link is re-checked for that suggestion');
  });

  it('suggests the same id for an unknown one whatever order the documents were indexed in', async () => {
    // KB-0011 and KB-0021 are both one edit from KB-0001: the least wins, not the one indexed first.
    const suggestion = async (first: string, second: string) => {
      const host = memoryHost({ '/repo/kb/a.md': doc(first, '一。'), '/repo/kb/b.md': doc(second, '二。'), '/repo/kb/c.md': doc('KB-0100', '三。', 'related:\n  - KB-0001\n') });
      const engine = await Engine.open(host, '/repo');
      await engine.scan();
      return engine.findings('/repo/kb/c.md').map((f) => f.message.args);
    };
    assert.deepEqual(await suggestion('KB-0021', 'KB-0011'), [['KB-0001', 'related', 'KB-0011']]);
    assert.deepEqual(await suggestion('KB-0011', 'KB-0021'), [['KB-0001', 'related', 'KB-0011']]);
  });

  it('suggests for an unknown id from the ids there are now, after ids came and went', async () => {
    const host = memoryHost({ '/repo/kb/a.md': doc('KB-0100', '一。'), '/repo/kb/c.md': doc('KB-0200', '三。', 'related:\n  - KB-0001\n') });
    const engine = await Engine.open(host, '/repo');
    await engine.scan();
    const suggested = () => engine.findings('/repo/kb/c.md').map((f) => f.message.args);
    assert.deepEqual(suggested(), [['KB-0001', 'related']]);
    host.fs.put('/repo/kb/b.md', doc('KB-0011', '二。'));
    await fileChanged(engine, '/repo/kb/b.md');
    assert.deepEqual(suggested(), [['KB-0001', 'related', 'KB-0011']]);
    await documentEdited(engine, '/repo/kb/b.md', doc('KB-0900', '二。'));
    assert.deepEqual(suggested(), [['KB-0001', 'related']]);
    await documentEdited(engine, '/repo/kb/a.md', doc('KB-0002', '一。'));
    assert.deepEqual(suggested(), [['KB-0001', 'related', 'KB-0002']]);
  });

  it('re-checks a broken link whose "did you mean" the new file becomes', async () => {
    const { host, engine } = await setup();
    await documentEdited(engine, '/repo/kb/typo.md', doc('KB-0008', '见 [部署](deploy-guid.md) 与 [别处](elsewhere.md)。'));
    assert.doesNotMatch(engine.findings('/repo/kb/typo.md')[0].message.text, /did you mean/);
    host.fs.put('/repo/kb/deploy-guide.md', doc('KB-0009', '部署指南。'));
    const affected = await fileChanged(engine, '/repo/kb/deploy-guide.md');
    assert.deepEqual(affected.sort(), ['/repo/kb/deploy-guide.md', '/repo/kb/typo.md']);
    assert.match(engine.findings('/repo/kb/typo.md')[0].message.text, /did you mean/);
  });

  it('indexes a created document and file, fixing the links that named them', async () => {
    const { host, engine } = await setup();
    assert.deepEqual(rules(engine, '/repo/kb/sub/deep.md'), ['broken-link', 'broken-link']);
    host.fs.put('/repo/kb/img/arch.png', new Uint8Array([1, 2, 3]));
    assert.deepEqual(await fileChanged(engine, '/repo/kb/img/arch.png'), ['/repo/kb/sub/deep.md']);
    host.fs.put('/repo/kb/fresh.md', doc('KB-0006', '新的。'));
    assert.deepEqual((await fileChanged(engine, '/repo/kb/fresh.md')).sort(), ['/repo/kb/fresh.md', '/repo/kb/sub/deep.md']);
    assert.deepEqual(rules(engine, '/repo/kb/sub/deep.md'), []);
    assert.deepEqual(await fileChanged(engine, '/repo/kb/img/arch.png'), [], 'a changed image changes nothing');
  });

  it('forgets a deleted folder with everything in it, and walks a folder moved in', async () => {
    const { host, engine } = await setup();
    const text = host.fs.text('/repo/kb/sub/deep.md');
    host.fs.files.delete('/repo/kb/sub/deep.md');
    assert.deepEqual(fileDeleted(engine, '/repo/kb/sub'), ['/repo/kb/sub/deep.md']);
    assert.equal(engine.index.get('/repo/kb/sub/deep.md'), undefined);
    assert.equal(engine.index.hasDirectory('/repo/kb/sub'), false);
    host.fs.put('/repo/kb/moved/deep.md', text);
    assert.deepEqual(await fileChanged(engine, '/repo/kb/moved'), ['/repo/kb/moved/deep.md']);
    assert.equal(engine.index.get('/repo/kb/moved/deep.md')?.id, 'KB-0005');
  });

  it('counts links inside tables, which the KB uses for navigation', async () => {
    const { engine } = await setup();
    const table = doc('KB-0007', '| 文档 | 说明 |\n|---|---|\n| [步骤](target.md#步骤) | 目标 |');
    await documentEdited(engine, '/repo/kb/table.md', table);
    assert.ok(engine.index.incoming('/repo/kb/target.md').includes('/repo/kb/table.md'));
    const { affected } = await documentEdited(engine, '/repo/kb/target.md', doc('KB-0001', '目标。\n\n## 操作\n\n内容。'));
    assert.ok(affected.includes('/repo/kb/table.md'));
    assert.deepEqual(rules(engine, '/repo/kb/table.md'), ['broken-link']);
  });

  it('ignores files outside the roots', async () => {
    const { host, engine } = await setup();
    host.fs.put('/repo/README.md', '# readme');
    assert.deepEqual(await fileChanged(engine, '/repo/README.md'), []);
    assert.equal(engine.index.get('/repo/README.md'), undefined);
  });
});
