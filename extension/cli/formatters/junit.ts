// --format junit: JUnit XML for CI systems that read nothing else. One test suite per
// document checked, one failing test case per error or warning, a passing one per clean document.
import type { Finding } from '../../core/types';
import type { Formatter } from './index';

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Content keeps its line breaks; only attributes need them as references. */
function escapeContent(text: string): string {
  return escapeXml(text).replace(/&#10;/g, '\n').replace(/&#9;/g, '\t');
}

export const formatJunit: Formatter = (findings, ctx) => {
  const byFile = new Map<string, Finding[]>();
  for (const file of ctx.files ?? []) byFile.set(file, []);
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const files = [...byFile.keys()].sort();
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of files) {
    const name = ctx.display(file);
    const list = byFile.get(file)!;
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const f of list) {
      const where = `${f.range.line}:${f.range.column}`;
      const message = ctx.t.m(f.message);
      const head = `    <testcase classname="${escapeXml(name)}" name="${escapeXml(`${f.ruleId} ${where}`)}" file="${escapeXml(name)}" line="${f.range.line}"`;
      if (f.severity === 'info') {
        cases.push(`${head}>\n      <system-out>${escapeContent(`${name}:${where} ${ctx.t.t('info')}: ${message}`)}</system-out>\n    </testcase>`);
        continue;
      }
      suiteFailures++;
      const severity = f.severity === 'error' ? ctx.t.t('error') : ctx.t.t('warning');
      cases.push(`${head}>\n      <failure type="${f.severity}" message="${escapeXml(message)}">${escapeContent(`${name}:${where} ${severity}: ${message} (${f.ruleId})`)}</failure>\n    </testcase>`);
    }
    if (list.length === 0) cases.push(`    <testcase classname="${escapeXml(name)}" name="baton" file="${escapeXml(name)}"/>`);
    tests += cases.length;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  if (suites.length === 0) {
    // Nothing was checked: one passing case, so a reader that needs a test finds one.
    suites.push('  <testsuite name="baton" tests="1" failures="0" errors="0" skipped="0">\n    <testcase classname="baton" name="baton"/>\n  </testsuite>');
    tests = 1;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="baton" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
};
