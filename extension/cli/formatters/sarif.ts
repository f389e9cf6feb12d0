// --format sarif: SARIF 2.1.0 for code scanning.
import { RULES } from '../../core/rules';
import type { Formatter } from './index';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export const BATON_VERSION = '0.1.0';

export const formatSarif: Formatter = (findings, ctx) => {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const uri = (file: string) => encodeURI(ctx.display(file));
  const region = (r: { line: number; column: number; endLine: number; endColumn: number }) => ({
    startLine: r.line,
    startColumn: r.column,
    endLine: r.endLine,
    endColumn: Math.max(r.endColumn, r.endLine === r.line ? r.column : 1),
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'baton',
            version: BATON_VERSION,
            semanticVersion: BATON_VERSION,
            rules: RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: ctx.t.m(r.description) },
              fullDescription: { text: r.docs },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: ctx.t.m(f.message) },
          locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file) }, region: region(f.range) } }],
          ...(f.related?.length
            ? {
                relatedLocations: f.related.map((r, id) => ({
                  id,
                  message: { text: ctx.t.m(r.message) },
                  physicalLocation: { artifactLocation: { uri: uri(r.file) }, region: region(r.range) },
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
