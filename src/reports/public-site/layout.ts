import { formatValue } from '../../core/evaluation/explain.ts';
import { formatFiscalYear } from '../../core/fiscal-year.ts';
import type {
  PublicCount,
  PublicFigure,
  PublicStatus,
  PublicStrategy,
} from '../../core/public/public-view.ts';
import { type Html, html } from './html.ts';

/** Where a page sits: the path from the site root (`s/ID/tree.html`) gives the way back (`../../`). */
export function rootOf(path: string): string {
  return '../'.repeat(path.split('/').length - 1);
}

export const paths = {
  index: 'index.html',
  catalogue: 'data.html',
  accessibility: 'accessibility.html',
  style: 'style.css',
  strategy: (s: string) => `s/${s}/index.html`,
  tree: (s: string) => `s/${s}/tree.html`,
  opinions: (s: string) => `s/${s}/opinions.html`,
  judging: (s: string) => `s/${s}/judging.html`,
  indicator: (s: string, i: string) => `s/${s}/i/${i}.html`,
  strategyCsv: (s: string) => `s/${s}/data/strategy.csv`,
  strategyJson: (s: string) => `s/${s}/data/strategy.json`,
  metadata: (s: string) => `s/${s}/data/metadata.json`,
  indicatorCsv: (s: string, i: string) => `s/${s}/data/${i}.csv`,
  indicatorJson: (s: string, i: string) => `s/${s}/data/${i}.json`,
};

/** A fiscal year both ways: 令和6年度 (2024). */
export const fy = (y: number | null | undefined): string => (y == null ? '年度不明' : formatFiscalYear(y));

const STATE_NOTES: Record<string, string> = {
  preliminary: '速報値',
  pending: '公表予定',
  missing: '未把握',
  not_applicable: '該当なし',
};

/** A figure as written (its original text when there is one), else its number and unit. */
export function figureText(f: PublicFigure | null, unit: string | null): string {
  if (!f) return '－';
  if (f.state === 'pending') return f.raw ?? (f.date ? `${f.date} 公表予定` : '公表予定');
  if (f.raw) return f.raw;
  if (f.value != null) return formatValue(f.value, unit);
  return STATE_NOTES[f.state] ?? '－';
}

/** Remarks of a figure: preliminary, pending, corrected (訂正) with its date. */
export function figureNotes(f: PublicFigure): string {
  const notes: string[] = [];
  if (f.state !== 'final' && STATE_NOTES[f.state]) notes.push(STATE_NOTES[f.state]!);
  if (f.correctedAt) notes.push(`訂正 (${f.correctedAt})`);
  return notes.join('、');
}

/** A status as shape and label (the shape is decoration for screen readers; the label is text). */
export function statusBadge(s: PublicStatus): Html {
  return html`<span class="status" style="border-color:${s.color}"><span class="shape" aria-hidden="true">${s.shape}</span> ${s.label}${
    s.source === 'override' ? html`<span class="note"> (市の評価)</span>` : ''
  }</span>`;
}

/** Status counts as a table (shape and label, count, share). */
export function countsTable(counts: readonly PublicCount[], total: number, caption: string): Html {
  return html`<div class="scroll" role="region" aria-label="${caption}" tabindex="0"><table class="counts">
<caption>${caption}</caption>
<thead><tr><th scope="col">進捗の区分</th><th scope="col">指標の数</th><th scope="col">割合</th></tr></thead>
<tbody>${counts.map(
    (c) =>
      html`<tr><th scope="row"><span class="status" style="border-color:${c.color}"><span class="shape" aria-hidden="true">${c.shape}</span> ${c.label}</span></th><td class="num">${c.count}件</td><td class="num"><span class="bar" style="width:${Math.round(c.share)}%" aria-hidden="true"></span>${c.share.toFixed(1)}%</td></tr>`,
  )}</tbody>
<tfoot><tr><th scope="row">合計</th><td class="num">${total}件</td><td class="num">100%</td></tr></tfoot>
</table></div>`;
}

export interface PageInput {
  /** Path of the page from the site root. */
  path: string;
  title: string;
  body: Html;
  strategy?: Pick<PublicStrategy, 'id' | 'name' | 'municipality'> | null;
  /** Breadcrumbs after the site's top (label, path), the page itself last without a path. */
  crumbs?: { label: string; path?: string }[];
  /** Open data files of this page (label, path). */
  data?: { label: string; path: string }[];
}

/**
 * A public page: Japanese, a skip link, the site and strategy navigation, breadcrumbs, the main
 * content, and the open data of the page at the foot. Relative links only; one style sheet of the
 * site; no script.
 */
export function page(p: PageInput): string {
  const root = rootOf(p.path);
  const s = p.strategy;
  const nav = s
    ? [
        ['概要', paths.strategy(s.id)],
        ['施策の体系', paths.tree(s.id)],
        ['有識者の意見と対応', paths.opinions(s.id)],
        ['進捗の判定方法', paths.judging(s.id)],
      ]
    : [];
  const site = [
    ['公開している戦略', paths.index],
    ['オープンデータ', paths.catalogue],
    ['アクセシビリティ', paths.accessibility],
  ];
  const link = ([label, path]: string[]) =>
    path === p.path
      ? html`<li><a href="${root}${path}" aria-current="page">${label}</a></li>`
      : html`<li><a href="${root}${path}">${label}</a></li>`;
  const crumbs = p.crumbs?.length
    ? html`<nav aria-label="現在位置" class="crumbs"><ol><li><a href="${root}${paths.index}">トップ</a></li>${p.crumbs.map(
        (c) =>
          c.path
            ? html`<li><a href="${root}${c.path}">${c.label}</a></li>`
            : html`<li aria-current="page">${c.label}</li>`,
      )}</ol></nav>`
    : '';
  const data = p.data?.length
    ? html`<section class="data" aria-labelledby="page-data"><h2 id="page-data">このページのデータ</h2><ul>${p.data.map(
        (d) => html`<li><a href="${root}${d.path}">${d.label}</a></li>`,
      )}</ul><p><a href="${root}${paths.catalogue}">オープンデータの一覧</a></p></section>`
    : '';
  const who = s ? `${s.municipality.name} ${s.name}` : '地方創生総合戦略';
  return `<!doctype html>
${
  html`<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} | ${who}</title>
<link rel="stylesheet" href="${root}${paths.style}">
</head>
<body>
<a class="skip" href="#main">本文へ移動</a>
<header class="site">
<p class="site-name"><a href="${root}${paths.index}">${s ? s.municipality.name : ''} 地方創生総合戦略の進捗</a></p>
<nav aria-label="サイト"><ul>${site.map(link)}</ul></nav>
${nav.length ? html`<nav aria-label="${s?.name ?? ''}"><ul>${nav.map(link)}</ul></nav>` : ''}
</header>
${crumbs}
<main id="main" tabindex="-1">
<h1>${p.title}</h1>
${p.body}
${data}
</main>
<footer class="site"><p>${who}。このページは公表した年度の数値と内容だけを掲載しています。</p></footer>
</body>
</html>`.text
}
`;
}
