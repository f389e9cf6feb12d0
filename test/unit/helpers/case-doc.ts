// A case record with the given severity and timestamps, valid for every other rule.

export function caseDoc(fields: { severity: string; occurred: string; responded?: string; resolved?: string; status?: string; id?: string }): string {
  const lines = [
    '---',
    `id: ${fields.id ?? 'CASE-2026-001'}`,
    'title: 测试案例',
    'type: case',
    'owner: qianqi',
    `status: ${fields.status ?? 'published'}`,
    'category: incident',
    `severity: ${fields.severity}`,
    `occurred_at: "${fields.occurred}"`,
  ];
  if (fields.responded) lines.push(`responded_at: "${fields.responded}"`);
  if (fields.resolved) lines.push(`resolved_at: "${fields.resolved}"`);
  lines.push('---', '', '# 测试案例', '');
  for (const s of ['问题描述', '问题分析', '解决方案', '效果评估', '最佳实践']) lines.push(`## ${s}`, '', '内容。', '');
  return lines.join('\n');
}
