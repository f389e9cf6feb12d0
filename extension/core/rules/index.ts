// Every rule Baton has, in the order findings are reported for one position.
import type { Rule } from '../rule';
import { documentLimitsRule } from './document-limits';
import { frontmatterRule } from './frontmatter';
import { schemaRule } from './schema';
import { idFormatRule } from './id-format';
import { requiredSectionsRule } from './required-sections';
import { emptySectionRule } from './empty-section';
import { uniqueIdRule } from './unique-id';
import { brokenLinkRule } from './broken-link';
import { unknownReferenceRule } from './unknown-reference';
import { staleRule } from './stale';
import { pendingRule } from './pending';
import { coversUnmatchedRule } from './covers-unmatched';
import { checklistSyntaxRule } from './checklist-syntax';
import { checklistConsistencyRule } from './checklist-consistency';
import { checklistMetadataRule } from './checklist-metadata';
import { checklistOverdueRule } from './checklist-overdue';
import { noSecretsRule } from './no-secrets';
import { handoverSignoffRule } from './handover-signoff';
import { caseTimelineRule } from './case-timeline';
import { caseSlaRule } from './case-sla';

export const RULES: readonly Rule[] = [
  documentLimitsRule,
  frontmatterRule,
  schemaRule,
  idFormatRule,
  requiredSectionsRule,
  emptySectionRule,
  uniqueIdRule,
  brokenLinkRule,
  unknownReferenceRule,
  staleRule,
  pendingRule,
  coversUnmatchedRule,
  checklistSyntaxRule,
  checklistConsistencyRule,
  checklistMetadataRule,
  checklistOverdueRule,
  noSecretsRule,
  handoverSignoffRule,
  caseTimelineRule,
  caseSlaRule,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
