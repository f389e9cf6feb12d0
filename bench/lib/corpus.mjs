// Deterministic synthetic knowledge bases in the shape of the starter KB: Chinese and English
// prose, frontmatter for every type, tables, nested checklists, cross-links and `covers:`,
// with a small share of broken links and fields so the checks have work to do.
import { posix } from 'node:path';

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same corpus everywhere. */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  const some = (list, n) => {
    const out = new Set();
    for (let i = 0; i < n * 3 && out.size < Math.min(n, list.length); i++) out.add(pick(list));
    return [...out];
  };
  return { next, int, pick, chance, some };
}

const SYSTEMS = ['天枢', 'ingest-service', 'query-service', 'report-service', 'alert-service', 'Kafka', 'ClickHouse', 'PostgreSQL', 'MinIO', 'Vault', 'Keycloak', 'nginx', 'Fluent Bit', 'Redis', 'Elasticsearch', 'Prometheus', 'Grafana', 'Kubernetes', 'Harbor', 'GitLab'];
const SERVICES = ['ingest', 'query', 'report', 'alert', 'auth', 'gateway', 'archive', 'billing', 'notify', 'scheduler', 'search', 'export', 'audit', 'config', 'metrics', 'portal', 'sync', 'cache', 'storage', 'worker'];
const PEOPLE = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'qianqi', 'sunba', 'liuyang', 'chenli', 'zhoujie', 'wuhao', 'zhengyi', 'fengjun'];
const NAMES = ['张三', '李四', '王五', '赵六', '钱七', '孙八', '刘洋', '陈立', '周杰', '吴昊'];
const ORGS = ['启明科技交付中心', '滨海银行信息科技部', '启明科技支持中心', '华东数据中心运维组'];
const NOUNS = ['磁盘', '告警', '证书', '副本', '分区', '索引', '连接池', '线程池', '配额', '备份', '快照', '网关', '队列', '缓存', '日志', '指标', '账号', '权限', '域名', '负载均衡'];
const VERBS = ['扩容', '回滚', '巡检', '重启', '升级', '迁移', '清理', '核对', '验证', '调整', '排查', '恢复', '切换', '压测', '归档'];
const ADJ = ['异常', '稳定', '偏高', '过期', '不一致', '正常', '延迟', '积压', '超时', '满载'];
const EN = [
  'the retention policy', 'a rolling restart', 'the consumer lag', 'p99 latency', 'the connection pool', 'the on-call rotation',
  'a canary release', 'the runbook', 'TLS certificates', 'the read replica', 'disk usage', 'the backup job', 'rate limiting', 'the SLA report',
];
const COMMANDS = ['kubectl rollout restart deploy/{s}', 'kafka-configs.sh --describe --entity-name logs.raw', 'clickhouse-client -q "SELECT count() FROM system.parts"', 'systemctl status {s}', 'helm upgrade {s} ./charts/{s}', 'vault operator raft list-peers', 'df -h /data', 'curl -s http://{s}:8080/healthz'];
const AREAS = [
  { folder: '01-系统架构', area: 'architecture', word: '架构' },
  { folder: '02-运维指南', area: 'operations', word: '运维' },
  { folder: '03-开发指南', area: 'development', word: '开发' },
  { folder: '04-安全指南', area: 'security', word: '安全' },
  { folder: '05-最佳实践', area: 'best-practices', word: '实践' },
];
const CASE_SECTIONS = ['问题描述', '问题分析', '解决方案', '效果评估', '最佳实践'];
const PHASES = ['kickoff', 'deployment', 'acceptance', 'training', 'permission-handover', 'closing', 'support-handover', 'go-live', 'inspection'];

/** GitHub's heading slug for the headings this generator writes (letters, digits, CJK, spaces, hyphens). */
function slug(text) {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\p{M} _-]/gu, '').replace(/ /g, '-');
}

const pad = (n, w) => String(n).padStart(w, '0');
const year0 = 2019;

/** The covered code paths of a repository of `modules` modules: src/<service>/<module>/... */
export function codePaths(modules) {
  const out = [];
  for (let m = 0; m < modules; m++) {
    const service = SERVICES[m % SERVICES.length];
    const dir = `src/${service}/module-${pad(m, 4)}`;
    out.push(`${dir}/handler.ts`, `${dir}/config.yaml`, `${dir}/README.md`.replace('README.md', 'schema.sql'));
  }
  for (const service of SERVICES) out.push(`deploy/helm/${service}/values.yaml`, `deploy/helm/${service}/templates/deployment.yaml`);
  return out;
}

/**
 * Plans `count` documents: path, id, type, title and headings, before any body is written,
 * so links can point at real files and real headings of other documents.
 */
export function planCorpus(count, seed = 1, { large = [] } = {}) {
  const r = random(seed);
  const modules = Math.max(20, Math.round(count / 5));
  const docs = [];
  const counters = { KB: 0, CL: 0 };
  const yearly = { CASE: new Map(), HO: new Map(), CHG: new Map() };
  const nextYearly = (kind, year) => {
    const n = (yearly[kind].get(year) ?? 0) + 1;
    yearly[kind].set(year, n);
    return n;
  };
  for (let i = 0; i < count; i++) {
    const roll = r.next();
    const system = r.pick(SYSTEMS);
    const noun = r.pick(NOUNS);
    const verb = r.pick(VERBS);
    let doc;
    if (roll < 0.5) {
      const area = AREAS[i % AREAS.length];
      const id = `KB-${pad(++counters.KB % 10000, 4)}`;
      const title = `${system} ${noun}${verb}指南 ${pad(counters.KB, 5)}`;
      const sub = `${r.pick(SERVICES)}`;
      doc = { type: 'article', id, title, area, path: `kb/${area.folder}/${sub}/${title.replace(/ /g, '-')}.md`, headings: ['概述', `${noun}${verb}步骤`, '常见问题', `${system} 配置说明`, '参考'] };
    } else if (roll < 0.7) {
      let year = year0 + Math.floor((i / count) * 8);
      let seq = nextYearly('CASE', year);
      // Past 999 in a year the ids spill into the next year, as a real KB's numbering would.
      while (seq > 999) seq = nextYearly('CASE', ++year);
      const id = `CASE-${year}-${pad(seq, 3)}`;
      const title = `${system} ${noun}${r.pick(ADJ)}导致${r.pick(NOUNS)}${r.pick(ADJ)}`;
      doc = { type: 'case', id, title, year, path: `kb/06-案例库/${year}/${id}-${title.replace(/ /g, '-')}.md`, headings: [...CASE_SECTIONS] };
    } else if (roll < 0.8) {
      const id = `CL-${pad(++counters.CL % 10000, 4)}`;
      const title = `${system} ${r.pick(['上线', '巡检', '验收', '交接', '切换'])}检查清单 ${pad(counters.CL, 4)}`;
      doc = { type: 'checklist', id, title, path: `kb/07-检查清单/${r.pick(SERVICES)}/${title.replace(/ /g, '-')}.md`, headings: ['使用说明', '1. 环境准备', '2. 部署与配置', '3. 验证', '4. 收尾'] };
    } else if (roll < 0.9) {
      let year = year0 + Math.floor((i / count) * 8);
      let seq = nextYearly('HO', year);
      while (seq > 999) seq = nextYearly('HO', ++year);
      const id = `HO-${year}-${pad(seq, 3)}`;
      const title = `${system} ${noun}交接记录`;
      doc = { type: 'handover', id, title, year, path: `kb/08-交接记录/${year}/${id}-${title.replace(/ /g, '-')}.md`, headings: ['交接说明', '交接事项', '遗留问题', '签字确认'] };
    } else {
      let year = year0 + Math.floor((i / count) * 8);
      let seq = nextYearly('CHG', year);
      while (seq > 999) seq = nextYearly('CHG', ++year);
      const id = `CHG-${year}-${pad(seq, 3)}`;
      const title = `${system} ${noun}${verb}变更`;
      doc = { type: 'change', id, title, year, path: `kb/09-变更记录/${year}/${id}-${title.replace(/ /g, '-')}.md`, headings: ['变更内容', '影响范围', '实施步骤', '回滚方案'] };
    }
    doc.slugs = doc.headings.map(slug);
    doc.module = r.int(0, modules - 1);
    docs.push(doc);
  }
  // Large documents for the editor's keystroke figures: long checklists, linked like the rest.
  for (const bytes of large) {
    const kb = Math.round(bytes / 1000);
    const id = `CL-${pad(9000 + (kb % 1000), 4)}`;
    const title = `全量巡检记录 ${kb}KB`;
    docs.push({ type: 'checklist', id, title, bytes, path: `kb/98-大型文档/${title.replace(/ /g, '-')}.md`, headings: ['使用说明', '1. 环境准备', '2. 部署与配置', '3. 验证', '4. 收尾'], slugs: [], module: 0 });
  }
  for (const doc of docs) if (doc.slugs.length === 0) doc.slugs = doc.headings.map(slug);
  // Paths must be unique: titles repeat now and then, so number the repeats.
  const seen = new Map();
  for (const doc of docs) {
    const n = seen.get(doc.path) ?? 0;
    seen.set(doc.path, n + 1);
    if (n > 0) doc.path = doc.path.replace(/\.md$/, `-${n + 1}.md`);
  }
  return { docs, modules, code: codePaths(modules) };
}

function sentence(r) {
  const s = r.pick(SERVICES);
  switch (r.int(0, 5)) {
    case 0:
      return `${r.pick(SYSTEMS)} 的${r.pick(NOUNS)}${r.pick(ADJ)}时，先${r.pick(VERBS)}${r.pick(NOUNS)}，再检查 \`${s}\` 的${r.pick(NOUNS)}。`;
    case 1:
      return `Check ${r.pick(EN)} before ${r.pick(EN)}; ${s} must stay under ${r.int(50, 95)}% for ${r.int(5, 60)} minutes.`;
    case 2:
      return `值班人员需在 ${r.int(5, 30)} 分钟内响应，**${r.pick(NOUNS)}${r.pick(VERBS)}**完成后在工单中记录实测值（例如 ${r.int(1, 999)} ms）。`;
    case 3:
      return `如果 ${r.pick(EN)} 出现${r.pick(ADJ)}，按照*${r.pick(NOUNS)}${r.pick(VERBS)}*流程处理，并通知 @${r.pick(PEOPLE)}。`;
    case 4:
      return `${r.pick(NAMES)}确认 ${r.pick(SYSTEMS)} ${r.pick(NOUNS)}已${r.pick(VERBS)}，${r.pick(EN)} 恢复到基线水平。`;
    default:
      return `The ${s} team owns ${r.pick(EN)}, and the ${r.pick(NOUNS)} change window is ${r.int(20, 23)}:00–${pad(r.int(0, 5), 2)}:00 (UTC+8).`;
  }
}

function paragraph(r, n = r.int(2, 5)) {
  return Array.from({ length: n }, () => sentence(r)).join('');
}

/** A relative link from one planned document to another (or to a heading in it). */
function linkTo(from, to, r, broken) {
  let rel = posix.relative(posix.dirname(from.path), to.path);
  let label = to.title;
  if (broken === 'file') rel = rel.replace(/\.md$/, r.chance(0.5) ? 'x.md' : '.markdown');
  if (r.chance(0.3) || broken === 'anchor') {
    const i = r.int(0, to.slugs.length - 1);
    const anchor = broken === 'anchor' ? `${to.slugs[i]}-旧` : to.slugs[i];
    rel += `#${anchor}`;
    label = `${to.title} · ${to.headings[i]}`;
  }
  return `[${label}](${rel})`;
}

function tableBlock(r, rows = r.int(3, 8)) {
  const out = ['| 项目 | 内容 | 负责人 | 状态 |', '|---|---|---|---|'];
  for (let i = 0; i < rows; i++) out.push(`| ${r.pick(NOUNS)}${r.pick(VERBS)} | ${r.pick(SYSTEMS)} ${r.pick(EN)} ${r.int(1, 500)} | ${r.pick(PEOPLE)} | ${r.pick(['完成', '进行中', '未开始', 'N/A'])} |`);
  return out.join('\n');
}

function tasksBlock(r, count, withOwners) {
  const out = [];
  const mark = () => (r.chance(0.55) ? 'x' : ' ');
  const tail = () => (withOwners && r.chance(0.25) ? ` @${r.pick(PEOPLE)} 📅 2026-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}` : '');
  for (let i = 0; i < count; ) {
    const lines = [];
    let open = false;
    i++;
    if (r.chance(0.6)) {
      const kids = r.int(1, 4);
      for (let k = 0; k < kids && i < count; k++, i++) {
        const grand = [];
        let kidOpen = false;
        if (r.chance(0.25) && i + 1 < count) {
          const m = mark();
          kidOpen ||= m === ' ';
          grand.push(`    - [${m}] 记录 \`${r.pick(SERVICES)}\` 实测值${tail()}`);
          i++;
        }
        // A parent is ticked when its children are, as a tidy checklist is (with the odd slip).
        const m = kidOpen && !r.chance(0.02) ? ' ' : mark();
        open ||= m === ' ';
        lines.push(`  - [${m}] ${r.pick(SYSTEMS)} ${r.pick(NOUNS)}${r.pick(ADJ)}检查（阈值 ${r.int(1, 99)}%）${tail()}`, ...grand);
      }
    }
    const m = open && !r.chance(0.02) ? ' ' : mark();
    out.push(`- [${m}] ${r.pick(NOUNS)}${r.pick(VERBS)}：${r.pick(EN)}${tail()}`, ...lines);
  }
  return out.join('\n');
}

function codeBlock(r) {
  const s = r.pick(SERVICES);
  const lines = Array.from({ length: r.int(2, 6) }, () => r.pick(COMMANDS).replaceAll('{s}', s));
  return ['```bash', ...lines, '```'].join('\n');
}

function iso(r, year) {
  return `${year}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}T${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:00+08:00`;
}

function yamlList(key, values) {
  return values.length ? [`${key}:`, ...values.map((v) => `  - ${v}`)] : [];
}

/** Covered paths for a document: its module's files, sometimes a glob, sometimes a deploy file. */
export function coversFor(doc, modules, r) {
  const service = SERVICES[doc.module % SERVICES.length];
  const dir = `src/${service}/module-${pad(doc.module, 4)}`;
  const out = [r.chance(0.5) ? `${dir}/**` : `${dir}/handler.ts`];
  if (r.chance(0.3)) out.push(`deploy/helm/${service}/values.yaml`);
  if (r.chance(0.2)) {
    const other = r.int(0, modules - 1);
    out.push(`src/${SERVICES[other % SERVICES.length]}/module-${pad(other, 4)}/config.yaml`);
  }
  return out;
}

/**
 * Writes the text of document `index` of a plan. `revision` varies the text a little, for the
 * history generator's updates. Broken links and fields come from the seed, about 6% of links
 * and 3% of documents.
 */
export function renderDocument(plan, index, { seed = 1, revision = 0, covers } = {}) {
  const doc = plan.docs[index];
  // The revision changes one line and the dates, as a real update does, not the whole text.
  const r = random(seed * 1000003 + index * 7919);
  const rr = random(seed * 31 + index * 7 + revision);
  const others = plan.docs;
  const target = () => others[r.int(0, others.length - 1)];
  const year = doc.year ?? 2019 + (index % 8);
  const created = `${year}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}`;
  const fm = ['---'];
  const badField = r.chance(0.03) ? r.int(0, 3) : -1;
  fm.push(`id: ${badField === 0 ? doc.id.replace('-', '_') : doc.id}`);
  fm.push(`title: ${doc.title}`);
  fm.push(`type: ${doc.type}`);
  if (badField !== 1) fm.push(`owner: ${r.pick(PEOPLE)}`);
  fm.push(...yamlList('reviewers', r.some(PEOPLE, r.int(1, 3))));
  fm.push(`status: ${badField === 2 ? 'finished' : r.pick(['published', 'published', 'draft', 'archived'])}`);
  switch (doc.type) {
    case 'article':
      fm.push(`area: ${doc.area.area}`);
      break;
    case 'case':
      fm.push(`category: ${r.pick(['incident', 'optimization', 'security', 'development'])}`, `severity: ${r.pick(['P0', 'P1', 'P2', 'P2', 'P3'])}`);
      fm.push(`occurred_at: "${iso(r, year)}"`, `resolved_at: "${iso(r, year)}"`);
      fm.push(...yamlList('systems', r.some(SYSTEMS, r.int(1, 3))));
      break;
    case 'checklist':
      fm.push(`phase: ${r.pick(PHASES)}`, `due: ${year}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}`);
      break;
    case 'handover':
      fm.push('from:', `  org: ${r.pick(ORGS)}`, `  person: ${r.pick(NAMES)}`, 'to:', `  org: ${r.pick(ORGS)}`, `  person: ${r.pick(NAMES)}`);
      fm.push(`date: ${created}`, `scope: ${r.pick(SYSTEMS)} ${r.pick(NOUNS)}与${r.pick(NOUNS)}由交付方移交客户运维团队`);
      break;
    case 'change':
      fm.push(`change_type: ${r.pick(['emergency', 'standard', 'normal'])}`, `implemented_at: "${iso(r, year)}"`);
      fm.push(...yamlList('affects', [target().id, target().id].filter((v, i, a) => a.indexOf(v) === i)));
      fm.push(`rollback: 回滚到上一版本配置，并${r.pick(VERBS)}${r.pick(NOUNS)}`);
      break;
  }
  fm.push(...yamlList('tags', r.some([...NOUNS, ...SYSTEMS.slice(0, 8)], r.int(1, 4))));
  const related = Array.from({ length: r.int(1, 5) }, () => target().id);
  if (badField === 3) related.push(`KB-${pad(9999 - r.int(0, 50), 4)}x`);
  fm.push(...yamlList('related', [...new Set(related)]));
  const coverList = covers ?? (doc.type === 'article' || doc.type === 'checklist' || r.chance(0.3) ? coversFor(doc, plan.modules, r) : []);
  fm.push(...yamlList('covers', coverList));
  fm.push(`created: ${created}`, `updated: ${created.replace(/-\d\d$/, `-${pad(Math.min(28, r.int(1, 28) + (revision % 3)), 2)}`)}`);
  fm.push('---', '');

  const body = [`# ${doc.title}`, ''];
  const targetBytes = doc.bytes ?? r.int(3000, 8000);
  const link = () => {
    const roll = r.next();
    return linkTo(doc, target(), r, roll < 0.04 ? 'file' : roll < 0.06 ? 'anchor' : undefined);
  };
  let bytes = Buffer.byteLength(fm.join('\n'));
  const push = (block) => {
    body.push(block, '');
    bytes += Buffer.byteLength(block) + 2;
  };
  for (let h = 0; h < doc.headings.length; h++) {
    push(`## ${doc.headings[h]}`);
    push(`${paragraph(r)} 参见 ${link()}。`);
    if (revision > 0 && h === 0) push(`> 修订 ${revision}：${sentence(rr)}`);
    const share = (targetBytes - bytes) / (doc.headings.length - h);
    let sectionBytes = 0;
    while (sectionBytes < share) {
      const before = bytes;
      const kind = r.next();
      if (doc.type === 'checklist' ? kind < 0.55 : kind < 0.15) push(tasksBlock(r, r.int(5, 14), doc.type === 'checklist'));
      else if (kind < 0.65) push(`${paragraph(r)} ${r.chance(0.6) ? `详见 ${link()}。` : ''}${r.chance(0.3) ? `另见 ${link()}。` : ''}`);
      else if (kind < 0.75) push(tableBlock(r));
      else if (kind < 0.82) push(codeBlock(r));
      else if (kind < 0.9) push(`### ${r.pick(NOUNS)}${r.pick(VERBS)}（${h + 1}.${r.int(1, 9)}）\n\n${paragraph(r, 2)}`);
      else push(Array.from({ length: r.int(2, 5) }, () => `- ${sentence(r)}${r.chance(0.3) ? ` ${link()}` : ''}`).join('\n'));
      sectionBytes += bytes - before;
    }
  }
  return fm.join('\n') + '\n' + body.join('\n');
}

/**
 * Markdown that takes micromark tens of seconds. The deep block quote is the classic case
 * (Baton's own parser reads it in a fraction of a second); the run of closing emphasis
 * markers is quadratic for micromark and declined by Baton's parser, so only the parse time
 * limit stops it.
 */
export const PATHOLOGICAL = {
  'kb/99-压力测试/深层嵌套引用.md': () => `${'>'.repeat(50_000)} 深层嵌套引用\n`,
  'kb/99-压力测试/强调符号炸弹.md': () => `${'a* '.repeat(100_000)}\n`,
};

/** The deep quote alone (kept for callers that want one document). */
export function pathologicalDocument(depth = 50_000) {
  return `${'>'.repeat(depth)} 深层嵌套引用\n`;
}

/** The Markdown the generated KB's README holds; links into every folder. */
export function readme(plan) {
  const folders = [...new Set(plan.docs.map((d) => posix.dirname(d.path).split('/')[1]))].sort();
  return ['# 合成知识库', '', '由 bench/generate-corpus.mjs 生成，用于性能基准测试。', '', ...folders.map((f) => `- [${f}](${encodeURI(f)}/)`), ''].join('\n');
}
