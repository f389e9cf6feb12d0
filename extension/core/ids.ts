// Id templates like CASE-{year}-{seq:3}: the next free id, and which ids a template made.

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The next id after the highest one of this template's form for the year of `now`; gaps are never reused. */
export function nextId(template: string, existing: Iterable<string>, now: Date): string {
  const year = String(now.getFullYear());
  let width = 3;
  let source = '^';
  let rest = template;
  for (let m = /\{(year|seq(?::(\d+))?)\}/.exec(rest); m; m = /\{(year|seq(?::(\d+))?)\}/.exec(rest)) {
    source += escape(rest.slice(0, m.index));
    if (m[1] === 'year') source += escape(year);
    else {
      width = m[2] ? Number(m[2]) : width;
      source += '(\\d+)';
    }
    rest = rest.slice(m.index + m[0].length);
  }
  source += `${escape(rest)}$`;
  const pattern = new RegExp(source);
  let max = 0;
  for (const id of existing) {
    const m = pattern.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return template.replace(/\{year\}/g, year).replace(/\{seq(?::(\d+))?\}/g, () => String(max + 1).padStart(width, '0'));
}
