/**
 * Family `arrow-summary`: a strategy summarized as lines of text, one indicator per line
 * (`名称:1,200人(H26)→1,500人(H31)`), under numbered goal lines (`1.…`, `基本目標1 …`) and measure
 * lines (`(1)…`); numeric targets directly under their goal, KPIs under their measure. Varies the
 * separator (`:`, `：`, a space), the arrow (`→`, `⇒`), item marks (`①`, `・`, none), year styles in
 * the cells, a baseline not measured yet (`―`), a title and a note line.
 */
import { expectIndicator, expectMeasures } from '../expect.ts';
import { FORMATS, numberText, type Sheet, writeFiles, yearText } from '../render.ts';
import { knownStrategy, rand } from '../strategy.ts';
import type { CorpusCase, ExpectedIndicator, Family, KnownIndicator } from '../types.ts';

const ERA_STYLES = ['R5', '令和5年度', 'R5年度', 'H30'] as const;

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 700 + k);
  const s = knownStrategy(r);
  const format = FORMATS[k % FORMATS.length]!;
  const style = ERA_STYLES[k % ERA_STYLES.length]!;
  const sep = r.pick([':', '：', ' ']);
  const arrow = r.pick([' → ', '→', ' ⇒ ']);
  const mark = r.pick(['circled', '・', 'none'] as const);
  const goalStyle = r.pick(['dot', 'word'] as const);
  const noBaseline = r.chance(0.5);
  const fig = (v: number | null, unit: string, year: number) =>
    v == null ? '―' : `${numberText(v)}${unit}(${yearText(year, style)})`;
  const rows: string[][] = [['総合戦略 数値目標・重要業績評価指標の一覧']];
  const truth: ExpectedIndicator[] = [];
  const written: KnownIndicator[] = [];
  const line = (ind: KnownIndicator, n: number) => {
    const prefix =
      mark === 'circled' ? String.fromCodePoint(0x2460 + ((n - 1) % 20)) : mark === '・' ? '・' : '';
    const blank = noBaseline && n === 1;
    const base = blank ? '―' : fig(ind.baseline.value, ind.unit, ind.baseline.year);
    rows.push([
      `${prefix}${ind.name}${sep}${base}${arrow}${fig(ind.target.value, ind.unit, ind.target.year)}`,
    ]);
    const e = expectIndicator(s, ind, { parent: true });
    if (blank) e.baseline = null;
    truth.push(e);
    written.push(ind);
  };
  s.goals.forEach((g, gi) => {
    rows.push([goalStyle === 'dot' ? `${gi + 1}.${g.name}` : `基本目標${gi + 1} ${g.name}`]);
    s.indicators
      .filter((i) => i.role === 'numeric_target' && i.owner.code === g.code)
      .forEach((ind, n) => {
        line(ind, n + 1);
      });
    s.measures
      .filter((m) => m.goal === g.code)
      .forEach((m, mi) => {
        rows.push([`(${mi + 1})${m.name}`]);
        s.indicators
          .filter((i) => i.role === 'kpi' && i.owner.code === m.code)
          .forEach((ind, n) => {
            line(ind, n + 1);
          });
      });
  });
  if (r.chance(0.5)) rows.push(['※ 数値は各年度末時点のものです。']);
  const sheet: Sheet = { name: '指標一覧', rows };
  return {
    family: 'arrow-summary',
    variant: [
      format,
      style,
      `sep '${sep}'`,
      `arrow '${arrow.trim()}'`,
      `mark ${mark}`,
      `goals ${goalStyle}`,
    ].join(', '),
    files: writeFiles(`arrow-${k}`, format, [sheet]),
    truth: {
      indicators: truth,
      measures: expectMeasures(
        s,
        written.filter((i) => i.role === 'kpi'),
      ),
    },
  };
}

export const arrowSummary: Family = {
  id: 'arrow-summary',
  title: 'one indicator per line as 名称:基準値(年)→目標値(年) under numbered goal and measure lines',
  cases: (seed) => Array.from({ length: 16 }, (_, k) => makeCase(seed, k)),
};
