import { checkEntry, type PastValue } from './entry-check.ts';

/**
 * Checks of a department's answer before it is submitted (提出前チェック), the same rules the entry
 * grid shows, run over every item of the part: missing figures, unit mismatch, non-numeric text,
 * outliers against the indicator's own history (range and usual change), stale figures (a
 * `公表予定` date that has passed without the figure), and commentary missing where the status is
 * the scheme's lowest (遅れ and its equivalents). A finding does not forbid the submission: the
 * department acknowledges it with a reason.
 */

export type FindingCode =
  | 'FIGURE_MISSING'
  | 'VALUE_UNPARSEABLE'
  | 'UNIT_DIFFERS'
  | 'OUTSIDE_PAST_RANGE'
  | 'UNUSUAL_JUMP'
  | 'YEAR_MISMATCH'
  | 'PENDING_OVERDUE'
  | 'COMMENTARY_MISSING';

/** One item of a department's answer: an indicator's figure and commentary for the round's year. */
export interface RoundItem {
  indicatorId: string;
  name: string;
  unit: string | null;
  /** The year's actual (実績値) as stored; null when none was entered. */
  actual: { raw: string | null; state: string | null; value: number | null; date: string | null } | null;
  /** Baseline and actuals of earlier years, in base units. */
  past: readonly PastValue[];
  /** Whether the year's commentary (①②③) has any text. */
  hasCommentary: boolean;
  /** The year's status, when evaluated: its label and whether it is the scheme's lowest class. */
  status: { label: string; lowest: boolean } | null;
}

/** A finding: the indicator, the year, what is wrong and how to fix it. */
export interface Finding {
  code: FindingCode;
  indicatorId: string;
  indicatorName: string;
  fiscalYear: number;
  message: string;
  messageEn: string;
  /** What to do about it. */
  fix: string;
  fixEn: string;
}

/** A department's acknowledgement of a finding, with its reason. */
export interface Acknowledgement {
  indicatorId: string;
  code: FindingCode;
  reason: string;
}

const FIXES: Record<FindingCode, [string, string]> = {
  FIGURE_MISSING: [
    '実績値を入力するか、未把握・公表予定として理由を入力してください',
    'Enter the figure, or mark it not measured or pending with a reason',
  ],
  VALUE_UNPARSEABLE: [
    '数値で入力してください（例: 1,563件）。文章は備考に書いてください',
    'Enter a number (e.g. 1,563件); put text in the note',
  ],
  UNIT_DIFFERS: [
    '指標の単位で入力するか、単位が正しいことを確認してください',
    "Enter the figure in the indicator's unit, or confirm the unit is right",
  ],
  OUTSIDE_PAST_RANGE: [
    '桁・単位を確認してください。正しければ理由を添えて確認済みにしてください',
    'Check digits and unit; if right, acknowledge with a reason',
  ],
  UNUSUAL_JUMP: [
    '数値を確認してください。正しければ変化の理由を添えてください',
    'Check the figure; if right, give the reason for the change',
  ],
  YEAR_MISMATCH: ['この年度の値を入力してください', "Enter this year's figure"],
  PENDING_OVERDUE: [
    '公表予定日を過ぎています。公表された値を入力するか、新しい公表予定を入力してください',
    'The announced date has passed: enter the published figure or a new expected date',
  ],
  COMMENTARY_MISSING: [
    '①実施状況 ②課題 ③今後の方策を入力してください',
    'Write the commentary (status, issues, next steps)',
  ],
};

function finding(
  code: FindingCode,
  item: RoundItem,
  fiscalYear: number,
  message: string,
  messageEn: string,
): Finding {
  const [fix, fixEn] = FIXES[code];
  return {
    code,
    indicatorId: item.indicatorId,
    indicatorName: item.name,
    fiscalYear,
    message: `「${item.name}」${fiscalYear}年度: ${message}`,
    messageEn: `"${item.name}" FY${fiscalYear}: ${messageEn}`,
    fix,
    fixEn,
  };
}

/** Whether a pending figure's announced date (ISO date or month) is before `asOf` (ISO date). */
function overdue(date: string | null, asOf: string): boolean {
  if (!date) return false;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date);
  if (!m) return false;
  // A month (2024-09) is due by the end of that month.
  const due = m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}-31`;
  return due < asOf.slice(0, 10);
}

/**
 * The findings of a department's answer for a fiscal year, item by item, as of a date (ISO).
 *
 * @example
 * roundFindings([{ indicatorId: 'k1', name: '新規求人数', unit: '件', actual: null, past: [],
 *   hasCommentary: false, status: null }], 2024, '2025-05-01')[0].code // 'FIGURE_MISSING'
 */
export function roundFindings(items: readonly RoundItem[], fiscalYear: number, asOf: string): Finding[] {
  const out: Finding[] = [];
  for (const item of items) {
    const a = item.actual;
    const raw = a?.raw?.trim() ?? '';
    const stated = a?.state === 'missing' || a?.state === 'not_applicable' || a?.state === 'pending';
    if (!a || (raw === '' && a.value == null && !stated)) {
      out.push(finding('FIGURE_MISSING', item, fiscalYear, '実績値が未入力です', 'no figure entered'));
    } else if (a.state === 'pending') {
      if (overdue(a.date, asOf))
        out.push(
          finding(
            'PENDING_OVERDUE',
            item,
            fiscalYear,
            `公表予定（${a.date}）を過ぎていますが、値が入力されていません`,
            `expected by ${a.date}, still no figure`,
          ),
        );
    } else if (raw !== '' && !stated) {
      for (const w of checkEntry(raw, { unit: item.unit, fiscalYear, past: item.past }).warnings)
        out.push(finding(w.code, item, fiscalYear, w.message, w.messageEn));
    }
    if (item.status?.lowest && !item.hasCommentary)
      out.push(
        finding(
          'COMMENTARY_MISSING',
          item,
          fiscalYear,
          `評価が「${item.status.label}」ですが、コメント（①実施状況 ②課題 ③今後の方策）がありません`,
          `status is "${item.status.label}" but there is no commentary`,
        ),
      );
  }
  return out;
}

/**
 * The findings not covered by an acknowledgement with a non-empty reason (what still blocks a
 * submission).
 *
 * @example unacknowledged([f], [{ indicatorId: f.indicatorId, code: f.code, reason: '調査方法の変更' }]) // []
 */
export function unacknowledged(findings: readonly Finding[], acks: readonly Acknowledgement[]): Finding[] {
  const ok = new Set(
    acks.filter((a) => a.reason.trim() !== '').map((a) => `${a.indicatorId}\u0000${a.code}`),
  );
  return findings.filter((f) => !ok.has(`${f.indicatorId}\u0000${f.code}`));
}

/**
 * The acknowledgements that match a finding (kept with the submission; others are dropped).
 *
 * @example usedAcknowledgements([f], [ackOfF, ackOfNothing]) // [ackOfF]
 */
export function usedAcknowledgements(
  findings: readonly Finding[],
  acks: readonly Acknowledgement[],
): Acknowledgement[] {
  const keys = new Set(findings.map((f) => `${f.indicatorId}\u0000${f.code}`));
  return acks.filter((a) => a.reason.trim() !== '' && keys.has(`${a.indicatorId}\u0000${a.code}`));
}
