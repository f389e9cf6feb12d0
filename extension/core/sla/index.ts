// SLA audit from case records: config, business calendar, per-case measures and the report.
export * from './settings';
export { BusinessCalendar, parseSlaDuration, type SlaDuration } from './calendar';
export { measureCase, resolveSla, type CaseMeasures, type SlaMeasure } from './measure';
export { median, parseReportDate, slaReport, RESPONSE_ON_TIME_TARGET, type KbUpdate, type SeveritySla, type Share, type SlaCase, type SlaReport, type SlaReportOptions } from './report';
