/** A synthetic KPI table shaped like a municipal KPI list, as rows of cells and as CSV/TSV text. */
import { fmt, rng } from './util.ts';

export const HEADER = [
  '基本目標',
  '具体的な施策',
  '重要業績評価指標 (KPI)名称',
  '基準値 (令和元年度)',
  '令和2年度 実績値',
  '令和3年度 実績値',
  '令和4年度 実績値',
  '令和5年度 実績値',
  '目標値 (令和6年度)',
  '進捗状況',
  '指標の担当課',
];
const UNITS = ['人', '件', '%', '団体', '回', '千人', '万円'];
export const DEPTS = ['企画政策課', '商工観光課', '子育て支援課', '健康福祉課', '都市計画課', '農林課'];
export const STATUS = ['順調', '概ね順調', '遅れ', '目標達成'];

/**
 * A synthetic KPI table of `rows` rows shaped like a municipal KPI list: a title block, the
 * header, then goals (`1-1 ...`) with measures (`①...`) and their KPIs, with the figures
 * municipalities write (`1,563件`, `△236人`, `95.6%`, `(速報値) ...`, `公表予定`, `-`).
 */
export function kpiTable(rows: number, seed = 1): string[][] {
  const r = rng(seed);
  const out: string[][] = [
    ['第2期総合戦略 数値目標・重要業績評価指標 (KPI) 一覧'],
    ['令和6年3月時点'],
    HEADER,
  ];
  let goal = 0;
  let measure = 0;
  while (out.length < rows) {
    if (measure % 4 === 0) goal++;
    measure++;
    const kpis = 3 + Math.floor(r() * 5);
    for (let k = 0; k < kpis && out.length < rows; k++) {
      const unit = UNITS[Math.floor(r() * UNITS.length)]!;
      const base = Math.round(100 + r() * 20_000);
      const fig = (v: number) =>
        unit === '%' ? `${(v % 1000) / 10}%` : v < 0 ? `△${fmt(-v)}${unit}` : `${fmt(v)}${unit}`;
      const actual = (y: number) => {
        const x = r();
        if (x < 0.05) return '-';
        if (x < 0.08) return `(速報値) ${fig(Math.round(base * (1 + y / 20)))}`;
        if (x < 0.1) return '令和6年9月 公表予定';
        return fig(Math.round(base * (1 + (y - 1.5) / 10 + (r() - 0.5) / 10)));
      };
      out.push([
        k === 0 && measure % 4 === 1 ? `${goal}-1 地域の魅力づくり${goal}` : '',
        k === 0 ? `${'①②③④'[(measure - 1) % 4]}施策${measure}の推進` : '',
        `新規就業者数${measure}-${k + 1}`,
        fig(base),
        actual(0),
        actual(1),
        actual(2),
        actual(3),
        fig(Math.round(base * 1.2)),
        STATUS[Math.floor(r() * STATUS.length)]!,
        DEPTS[Math.floor(r() * DEPTS.length)]!,
      ]);
    }
  }
  return out;
}

const quote = (c: string) => (/[",\n\t]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
export const toCsv = (rows: string[][], sep: string) =>
  `${rows.map((r) => r.map(quote).join(sep)).join('\r\n')}\r\n`;
