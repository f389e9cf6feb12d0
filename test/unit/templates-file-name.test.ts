// File names from titles: Chinese kept; separators, `..`, control and Windows-forbidden
// characters, reserved names and emoji removed; a safe length; the id when nothing is left.
import { strict as assert } from 'node:assert';
import { isReservedName, MAX_NAME_BYTES, MAX_SLUG_LENGTH, numberedName, safeFileName, slugify } from '../../extension/core/templates';

/** The name `{{id}}-{{slug}}.md` gives for a title, as the case templates use it. */
function caseName(title: string, id = 'CASE-2026-007'): string {
  return safeFileName(`${id}-${slugify(title)}.md`, id);
}

function assertPortable(name: string): void {
  assert.ok(!/[<>:"/\\|?*\u0000-\u001f]/.test(name), `forbidden character in ${JSON.stringify(name)}`);
  assert.ok(!name.includes('..'), `".." in ${JSON.stringify(name)}`);
  assert.ok(!/[ .]$/.test(name) && !/^[ .-]/.test(name), `bad edge in ${JSON.stringify(name)}`);
  assert.ok(new TextEncoder().encode(name).byteLength <= MAX_NAME_BYTES, `${name} is too long`);
  assert.ok(!isReservedName(name), `${name} is reserved on Windows`);
  assert.ok(!/[\ud800-\udfff]/.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')), `lone surrogate in ${JSON.stringify(name)}`);
}

describe('file names from titles', () => {
  it('keeps Chinese text and joins words with "-"', () => {
    assert.equal(caseName('Kafka 磁盘写满导致采集中断'), 'CASE-2026-007-Kafka-磁盘写满导致采集中断.md');
    assert.equal(slugify('查询服务：慢查询优化（第二轮）'), '查询服务：慢查询优化（第二轮）');
  });

  it('cannot climb out of the folder: ../../etc/passwd', () => {
    const name = caseName('../../etc/passwd');
    assert.equal(name, 'CASE-2026-007-etc-passwd.md');
    assertPortable(name);
    assert.equal(slugify('..\\..\\Windows\\win.ini'), 'Windows-win.ini');
    assert.equal(slugify('..'), '');
  });

  it('drops names Windows reserves, with or without an extension', () => {
    for (const title of ['CON', 'con', 'NUL', 'Aux', 'PRN', 'COM1', 'lpt9', 'CON.txt', 'nul.md', ' CON ']) {
      assert.equal(slugify(title), '', title);
    }
    assert.equal(caseName('CON'), 'CASE-2026-007.md');
    // With the pattern `{{slug}}.md` the id becomes the name.
    assert.equal(safeFileName(`${slugify('CON')}.md`, 'KB-0505'), 'KB-0505.md');
    assert.equal(safeFileName('CON.md', 'KB-0505'), 'KB-0505.md');
    assert.equal(slugify('CONTROL 面板'), 'CONTROL-面板');
  });

  it('removes emoji, control characters and the characters Windows forbids', () => {
    assert.equal(slugify('🎉 上线成功 🚀'), '上线成功');
    assert.equal(slugify('👨‍👩‍👧 家庭组 🇨🇳 1️⃣'), '家庭组-1');
    assert.equal(slugify('a\u0000b\u0007c\u202ed\nе'), 'a-b-c-d-е');
    assert.equal(slugify('a<b>c:d"e/f\\g|h?i*j'), 'a-b-c-d-e-f-g-h-i-j');
    assert.equal(slugify('链接#锚点 [x](y) 100%'), '链接-锚点-x-y-100');
    assertPortable(caseName('🎉 上线成功 🚀'));
  });

  it('gives the id as the name when the title reduces to nothing', () => {
    for (const title of ['🎉🎉🎉', '///', '...', '   ', '\u0001\u0002', '<>:"|?*']) {
      assert.equal(caseName(title), 'CASE-2026-007.md', JSON.stringify(title));
      assert.equal(safeFileName(`${slugify(title)}.md`, 'CL-0006'), 'CL-0006.md', JSON.stringify(title));
    }
  });

  it('trims a 300-character title to a safe length without splitting a character', () => {
    const chinese = '数据库主从切换后应用连接池未重连导致写入失败'.repeat(14).slice(0, 300);
    assert.equal([...chinese].length, 300);
    const slug = slugify(chinese);
    assert.equal([...slug].length, MAX_SLUG_LENGTH);
    assert.ok(chinese.startsWith(slug));
    assertPortable(caseName(chinese));

    const astral = '𠀀'.repeat(300);
    assert.equal(slugify(astral), '𠀀'.repeat(MAX_SLUG_LENGTH));
    const combining = 'e\u0301'.repeat(300);
    const cut = slugify(combining);
    assert.equal(cut, 'é'.repeat(MAX_SLUG_LENGTH));

    // A long pattern result is cut in bytes, below what file systems allow.
    const long = safeFileName(`${'长'.repeat(300)}.md`, 'KB-0001');
    assert.ok(new TextEncoder().encode(long).byteLength <= MAX_NAME_BYTES);
    assert.ok(long.endsWith('.md'));
    assertPortable(long);
  });

  it('numbers alternatives before the extension', () => {
    assert.equal(numberedName('部署.md', 1), '部署.md');
    assert.equal(numberedName('部署.md', 2), '部署-2.md');
    assert.equal(numberedName('v1.2 发布.md', 3), 'v1.2 发布-3.md');
  });
});
