import { formatPlace, type Issue } from '../../../src/core/issue.ts';

/**
 * The issues of an error answer's `details` when they have the API's one issue shape (an uploaded
 * file's problems: code, severity, message, place, hint, cell); anything else gives none.
 *
 * @example issuesOf([{ code: 'PROTECTED_CELL_EDITED', severity: 'error', message: '…', messageEn: '…', place: null }]).length // 1
 */
export function issuesOf(details: unknown): Issue[] {
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is Issue =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as Issue).code === 'string' &&
      typeof (d as Issue).message === 'string' &&
      typeof (d as Issue).messageEn === 'string' &&
      typeof (d as Issue).severity === 'string',
  );
}

/**
 * Where an issue is, to show before its message (`D5: `, `kpi.csv 12行: `), unless the message
 * already says it (an entry workbook's messages name their cell).
 *
 * @example issuePlace({ ..., cell: 'D5', message: 'シート「入力」D5: …' }) // ''
 */
export function issuePlace(i: Issue): string {
  const where = i.cell ?? formatPlace(i.place);
  return where && !i.message.includes(where) ? `${where}: ` : '';
}
