// Handover records: the model (items from a table or a task list, controls done or open,
// signatures, state) and the handover-signoff rule (missing party, open control, complete).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Engine } from '../../extension/core/engine';
import { handoverRecord, handoverRecords, isDoneCell } from '../../extension/core/handovers';
import { format } from '../../extension/core/message';
import { parseText } from '../../extension/core/parse-document';
import { toPosix } from '../../extension/core/paths';
import { nodeFileSystem } from '../../extension/node-host/node-host';
import { memoryHost, quietLogger } from './helpers/memory-host';

interface Options {
  status?: string;
  signed?: Array<'from' | 'to'>;
  items?: string;
}

const ROWS = `| 凭据/权限 | 交接内容 | 交接方式 | 控制措施 | 控制已完成 |
|---|---|---|---|---|
| Kubernetes 集群 | kubeconfig | 加密传输 | 立即轮换 | ✅ |
| Keycloak | 管理员账号 | 重置密码 | 设置新密码 | ✅ |
| Vault | root token | 密封保存 | 分持密钥 | ✅ |
`;

function record({ status = 'published', signed = ['from', 'to'], items = ROWS }: Options = {}): string {
  const people = { from: ['张三', '2026-09-10T16:20:00+08:00'], to: ['刘洋', '2026-09-10T16:35:00+08:00'] };
  const signatures = signed.length ? `signed_off:\n${signed.map((p) => `  - by: ${people[p][0]}\n    role: ${p}\n    at: "${people[p][1]}"\n`).join('')}` : '';
  return `---\nid: HO-2026-001\ntitle: 生产环境特权凭据交接\ntype: handover\nowner: zhangsan\nstatus: ${status}\nfrom:\n  org: 启明科技交付中心\n  person: 张三\nto:\n  org: 滨海银行信息科技部\n  person: 刘洋\ndate: 2026-09-10\nscope: 生产环境特权凭据\n${signatures}---\n\n# 生产环境特权凭据交接\n\n## 交接事项\n\n${items}\n## 签字确认\n\n见 frontmatter。\n`;
}

async function lint(text: string) {
  const engine = await Engine.open(memoryHost({ '/repo/kb/08-交接记录/HO-2026-001.md': text }), '/repo');
  await engine.scan();
  const all = engine.allFindings();
  return { all, signoff: all.filter((f) => f.ruleId === 'handover-signoff').map((f) => ({ line: f.range.line, text: format(f.message.text, f.message.args), severity: f.severity })) };
}

describe('handover records', () => {
  it('reads the items table: credential, content, channel, control and whether it is done', () => {
    const r = handoverRecord(parseText('/kb/ho.md', record({ items: ROWS.replace('| 分持密钥 | ✅ |', '| 分持密钥 | ⬜ |') })));
    assert.deepEqual(
      r.items.map((i) => [i.credential, i.content, i.channel, i.control, i.done, i.source]),
      [
        ['Kubernetes 集群', 'kubeconfig', '加密传输', '立即轮换', true, 'table'],
        ['Keycloak', '管理员账号', '重置密码', '设置新密码', true, 'table'],
        ['Vault', 'root token', '密封保存', '分持密钥', false, 'table'],
      ],
    );
    assert.equal(r.state, 'awaiting-controls');
    assert.deepEqual(r.signatures.map((s) => [s.by, s.role]), [['张三', 'from'], ['刘洋', 'to']]);
  });

  it('finds columns by their English names and in another order', () => {
    const table = `| Done | Control | Credential | How | What |\n|---|---|---|---|---|\n| yes | rotate immediately | Kubernetes | encrypted transfer | kubeconfig |\n| no | split custody | Vault | sealed storage | root token |\n`;
    const r = handoverRecord(parseText('/kb/ho.md', record({ items: table })));
    assert.deepEqual(r.items.map((i) => [i.credential, i.content, i.channel, i.control, i.done]), [
      ['Kubernetes', 'kubeconfig', 'encrypted transfer', 'rotate immediately', true],
      ['Vault', 'root token', 'sealed storage', 'split custody', false],
    ]);
  });

  it('reads a task list: a ticked item is a done control, an item with sub-steps needs them all', () => {
    const tasks = `- [x] Kubernetes 集群 | kubeconfig | 加密传输 | 立即轮换\n- [x] 监控：管理员账号，控制：设置新密码\n  - [x] Grafana 已重置\n  - [ ] Alertmanager 路由已切换\n- [ ] 数据库：DBA 账号，控制：记录交接\n`;
    const r = handoverRecord(parseText('/kb/ho.md', record({ items: tasks })));
    assert.deepEqual(r.items.map((i) => [i.credential, i.content, i.control, i.done, i.source]), [
      ['Kubernetes 集群', 'kubeconfig', '立即轮换', true, 'task'],
      ['监控', '管理员账号', '设置新密码', false, 'task'],
      ['数据库', 'DBA 账号', '记录交接', false, 'task'],
    ]);
  });

  it('reads the done column the ways people write it', () => {
    for (const done of ['✅', '✔', '☑', '√', '[x]', 'x', 'yes', 'Done', '是', '完成', '已完成', '已轮换', '已分持（5 份）']) assert.ok(isDoneCell(done), done);
    for (const open of ['', '⬜', '❌', '[ ]', 'no', 'No', 'todo', 'pending', '否', '未完成', '待执行', '进行中', '已未完成', 'xyz', 'next week']) assert.ok(!isDoneCell(open), open);
  });

  it('derives the state: draft, awaiting controls, awaiting sign-off, signed off', () => {
    const state = (o: Options) => handoverRecord(parseText('/kb/ho.md', record(o))).state;
    assert.equal(state({ status: 'draft' }), 'draft');
    assert.equal(state({ items: ROWS.replace('| 立即轮换 | ✅ |', '| 立即轮换 | |') }), 'awaiting-controls');
    assert.equal(state({ signed: ['from'] }), 'awaiting-sign-off');
    assert.equal(state({}), 'signed-off');
    assert.deepEqual(handoverRecord(parseText('/kb/ho.md', record({ signed: [] }))).missingParties, ['from', 'to']);
  });

  it('never shows a secret pasted into a row', () => {
    const token = `ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A'}`;
    const r = handoverRecord(parseText('/kb/ho.md', record({ items: ROWS.replace('| kubeconfig |', `| ${token} |`) })));
    assert.equal(r.items[0].content, 'ghp_****');
  });

  it('lists the starter KB records as signed off', async () => {
    const root = toPosix(join(__dirname, '..', '..'));
    const engine = await Engine.open({ fs: nodeFileSystem, clock: { now: () => new Date('2026-11-23T10:00:00+08:00') }, logger: quietLogger }, root);
    await engine.scan();
    const records = handoverRecords(engine.index.documents());
    assert.ok(records.length >= 2);
    for (const r of records) {
      assert.equal(r.state, 'signed-off', `${r.id}: ${r.state}`);
      assert.ok(r.items.length >= 5, `${r.id} has its items`);
    }
  });
});

describe('handover-signoff', () => {
  it('passes a complete published record', async () => {
    const { signoff, all } = await lint(record());
    assert.deepEqual(signoff, []);
    assert.deepEqual(all.map((f) => f.ruleId), [], 'the fixture is otherwise clean too');
  });

  it('names the missing party, at signed_off', async () => {
    const { signoff } = await lint(record({ signed: ['from'] }));
    assert.deepEqual(signoff, [{ line: 15, text: 'Missing sign-off of the receiving party (刘洋, 滨海银行信息科技部): add a "signed_off" entry with role: to', severity: 'error' }]);
  });

  it('names both parties when nobody signed, at status', async () => {
    const { signoff } = await lint(record({ signed: [] }));
    assert.deepEqual(signoff.map((f) => [f.line, f.text.split(':')[0]]), [
      [6, 'Missing sign-off of the handing-over party (张三, 启明科技交付中心)'],
      [6, 'Missing sign-off of the receiving party (刘洋, 滨海银行信息科技部)'],
    ]);
  });

  it('points at each row with an open control', async () => {
    const items = ROWS.replace('| 设置新密码 | ✅ |', '| 设置新密码 | 否 |').replace('| 分持密钥 | ✅ |', '| 分持密钥 | |');
    const { signoff } = await lint(record({ items }));
    assert.deepEqual(signoff, [
      { line: 31, text: 'Control "设置新密码" for "Keycloak" is not done: a published handover cannot have open controls', severity: 'error' },
      { line: 32, text: 'Control "分持密钥" for "Vault" is not done: a published handover cannot have open controls', severity: 'error' },
    ]);
  });

  it('says when the items section lists nothing', async () => {
    const { signoff } = await lint(record({ items: '全部凭据已移交。\n' }));
    assert.deepEqual(signoff.map((f) => [f.line, f.text.split(':')[0]]), [[26, 'Section "交接事项" lists no items']]);
  });

  it('leaves a draft alone: open controls and missing signatures are the work still to do', async () => {
    const { signoff } = await lint(record({ status: 'draft', signed: [], items: ROWS.replace(/✅/g, '⬜') }));
    assert.deepEqual(signoff, []);
  });
});
