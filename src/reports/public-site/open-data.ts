import { formatEraYear } from '../../core/era.ts';
import type { PublicFigure, PublicIndicator, PublicStrategy } from '../../core/public/public-view.ts';
import { csvText, encodeCsv } from '../csv.ts';
import { neutralize } from '../neutralize.ts';

/**
 * Columns of the public open data, in Japanese as the 自治体標準オープンデータセット names them
 * where it has a column of the same meaning (全国地方公共団体コード, 地方公共団体名 first; dates as
 * YYYY-MM-DD), one record per figure.
 */
export const PUBLIC_COLUMNS = [
  '全国地方公共団体コード',
  '地方公共団体名',
  '戦略ID',
  '戦略名',
  '基本目標コード',
  '基本目標名',
  '施策コード',
  '施策名',
  '事業番号',
  '事業名',
  '指標ID',
  '指標名',
  '指標の種類',
  '単位',
  '目指す方向',
  '担当課',
  '数値の種類',
  '年度',
  '年度（和暦）',
  '値',
  '記載どおりの値',
  '値の状態',
  '訂正日',
  '進捗の区分',
  '判定年度',
  '公表日',
] as const;
type Column = (typeof PUBLIC_COLUMNS)[number];
type PublicRecord = Record<Column, string | number | null>;

const STATE: Record<string, string> = {
  final: '確定値',
  preliminary: '速報値',
  pending: '公表予定',
  missing: '未把握',
  not_applicable: '該当なし',
};

function recordsOf(s: PublicStrategy, ind: PublicIndicator): PublicRecord[] {
  const goal = s.goals.find((g) => g.id === ind.goalId);
  const measure = goal?.measures.find((m) => m.id === ind.measureId);
  const project = measure?.projects.find((p) => p.id === ind.projectId);
  const published = new Map(s.publishedYears.map((y) => [y.fiscalYear, y.publishedAt]));
  const base = {
    全国地方公共団体コード: s.municipality.code,
    地方公共団体名: s.municipality.name,
    戦略ID: s.id,
    戦略名: s.name,
    基本目標コード: goal?.code ?? null,
    基本目標名: goal?.id ? goal.name : null,
    施策コード: measure?.code ?? null,
    施策名: measure?.name ?? null,
    事業番号: project?.code ?? null,
    事業名: project?.name ?? null,
    指標ID: ind.id,
    指標名: ind.name,
    指標の種類: ind.roleLabel,
    単位: ind.unit,
    目指す方向: ind.directionLabel,
    担当課: ind.departments.join('・') || null,
    進捗の区分: ind.status.label,
    判定年度: s.asOf,
  };
  const row = (kind: string, f: PublicFigure | null, dated: boolean): PublicRecord[] =>
    f
      ? [
          {
            ...base,
            数値の種類: kind,
            年度: f.fiscalYear,
            '年度（和暦）': f.fiscalYear != null ? formatEraYear(f.fiscalYear, { fiscal: true }) : null,
            値: f.value,
            記載どおりの値: f.raw,
            値の状態: STATE[f.state] ?? f.state,
            訂正日: f.correctedAt,
            公表日: dated && f.fiscalYear != null ? (published.get(f.fiscalYear) ?? null) : null,
          },
        ]
      : [];
  return [
    ...row('基準値', ind.baseline, false),
    ...ind.milestones.flatMap((m) => row('中間目標', m, false)),
    ...ind.actuals.flatMap((a) => row('実績値', a, true)),
    ...row('目標値', ind.target, false),
  ];
}

/** Open data records of a whole strategy or of one indicator. */
export function publicRecords(s: PublicStrategy, only?: PublicIndicator): PublicRecord[] {
  return (only ? [only] : s.indicators).flatMap((ind) => recordsOf(s, ind));
}

/** CSV, UTF-8 with a BOM, header in Japanese, texts neutralized against formula injection. */
export function publicCsv(records: readonly PublicRecord[]): Uint8Array {
  const rows: string[][] = [[...PUBLIC_COLUMNS]];
  for (const r of records)
    rows.push(
      PUBLIC_COLUMNS.map((c) =>
        r[c] == null ? '' : typeof r[c] === 'number' ? String(r[c]) : neutralize(String(r[c])),
      ),
    );
  return encodeCsv(csvText(rows), 'utf8-bom');
}

/** JSON: `{ format, version, 更新日, columns, records }`. */
export function publicJson(s: PublicStrategy, records: readonly PublicRecord[]): string {
  return `${JSON.stringify(
    { format: 'sousei-public-open-data', version: 1, 更新日: s.updated, columns: PUBLIC_COLUMNS, records },
    null,
    2,
  )}\n`;
}

/**
 * The metadata file of a strategy's open data: the datasets with their columns, and per indicator
 * its definition, unit, departments (source), the update date and the next expected release.
 */
export function publicMetadata(
  s: PublicStrategy,
  files: {
    strategyCsv: string;
    strategyJson: string;
    indicator: (id: string) => { csv: string; json: string };
  },
): string {
  const lastPublished = s.publishedYears.at(-1)?.publishedAt ?? s.updated;
  const [y, m] = lastPublished.split('-');
  const next = y && m ? `${Number(y) + 1}-${m}` : null;
  return `${JSON.stringify(
    {
      format: 'sousei-public-metadata',
      version: 1,
      title: `${s.municipality.name} ${s.name} の指標`,
      publisher: s.municipality.name,
      全国地方公共団体コード: s.municipality.code,
      license: '利用条件は公開元の自治体の定めによります',
      encoding: 'CSV: UTF-8 (BOM付き)、JSON: UTF-8',
      updated: s.updated,
      publishedFiscalYears: s.publishedYears.map((p) => p.fiscalYear),
      nextExpectedRelease: next
        ? {
            month: next,
            fiscalYear: s.asOf + 1,
            note: `${formatEraYear(s.asOf + 1, { fiscal: true })}の実績は ${next} ごろに公表する見込みです`,
          }
        : null,
      columns: PUBLIC_COLUMNS,
      distributions: [
        { title: '全指標 (CSV)', path: files.strategyCsv, mediaType: 'text/csv' },
        { title: '全指標 (JSON)', path: files.strategyJson, mediaType: 'application/json' },
      ],
      indicators: s.indicators.map((ind) => ({
        id: ind.id,
        name: ind.name,
        kind: ind.roleLabel,
        unit: ind.unit,
        definition: ind.definition,
        source: ind.departments,
        updated: [...ind.actuals.map((a) => a.correctedAt ?? ''), s.updated].sort().at(-1),
        pendingReleases: ind.actuals
          .filter((a) => a.state === 'pending')
          .map((a) => ({ fiscalYear: a.fiscalYear, expected: a.date })),
        files: files.indicator(ind.id),
      })),
    },
    null,
    2,
  )}\n`;
}
