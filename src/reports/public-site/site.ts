import type { PublicStrategy } from '../../core/public/public-view.ts';
import { html } from './html.ts';
import { fy, page, paths, rootOf } from './layout.ts';
import { publicCsv, publicJson, publicMetadata, publicRecords } from './open-data.ts';
import { indicatorPage, judgingPage, opinionsPage, strategyPage, treePage } from './pages.ts';
import { STYLE } from './style.ts';

/** One file of the public site: its body and media type. */
export interface SiteFile {
  body: string | Uint8Array;
  type: string;
}

export const HTML_TYPE = 'text/html; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** A strategy as the site's index and catalogue list it. */
export interface ListedStrategy {
  id: string;
  name: string;
  municipality: { name: string; code: string | null };
  period: { from: number | null; to: number | null };
  years: number[];
}

/**
 * Every file of one strategy's part of the site, by path from the site root: the summary, tree,
 * opinions and judging pages, a page per indicator, and the open data (CSV, JSON, metadata).
 */
export function strategyFiles(s: PublicStrategy): Map<string, SiteFile> {
  const files = new Map<string, SiteFile>();
  const put = (path: string, body: string | Uint8Array, type = HTML_TYPE) => files.set(path, { body, type });
  put(paths.strategy(s.id), strategyPage(s));
  put(paths.tree(s.id), treePage(s));
  put(paths.opinions(s.id), opinionsPage(s));
  put(paths.judging(s.id), judgingPage(s));
  const all = publicRecords(s);
  put(paths.strategyCsv(s.id), publicCsv(all), CSV_TYPE);
  put(paths.strategyJson(s.id), publicJson(s, all), JSON_TYPE);
  put(
    paths.metadata(s.id),
    publicMetadata(s, {
      strategyCsv: 'strategy.csv',
      strategyJson: 'strategy.json',
      indicator: (id) => ({ csv: `${id}.csv`, json: `${id}.json` }),
    }),
    JSON_TYPE,
  );
  for (const ind of s.indicators) {
    put(paths.indicator(s.id, ind.id), indicatorPage(s, ind));
    const records = publicRecords(s, ind);
    put(paths.indicatorCsv(s.id, ind.id), publicCsv(records), CSV_TYPE);
    put(paths.indicatorJson(s.id, ind.id), publicJson(s, records), JSON_TYPE);
  }
  return files;
}

function groupByMunicipality(list: readonly ListedStrategy[]) {
  const groups: { name: string; code: string | null; strategies: ListedStrategy[] }[] = [];
  for (const s of list) {
    let g = groups.find((x) => x.name === s.municipality.name && x.code === s.municipality.code);
    if (!g) {
      g = { name: s.municipality.name, code: s.municipality.code, strategies: [] };
      groups.push(g);
    }
    g.strategies.push(s);
  }
  return groups;
}

/** The site's top page: the municipalities and their strategies with published years. */
export function indexPage(list: readonly ListedStrategy[]): string {
  const path = paths.index;
  const groups = groupByMunicipality(list);
  const body = list.length
    ? html`<p>地方版総合戦略の数値目標と重要業績評価指標 (KPI) の進捗を、公表した年度ごとに掲載しています。</p>${groups.map(
        (g, gi) =>
          html`<section aria-labelledby="m${gi}"><h2 id="m${gi}">${g.name}</h2><ul class="cards">${g.strategies.map(
            (s) =>
              html`<li><a href="${rootOf(path)}${paths.strategy(s.id)}">${s.name}</a><br><span class="note">計画期間 ${
                s.period.from != null && s.period.to != null
                  ? `${fy(s.period.from)}〜${fy(s.period.to)}`
                  : '記載なし'
              }、公表している年度 ${s.years.map((y) => fy(y)).join('、')}</span></li>`,
          )}</ul></section>`,
      )}`
    : html`<p>公表している戦略はまだありません。</p>`;
  return page({ path, title: '地方創生総合戦略の進捗', body });
}

/** The data catalogue: every open data file of every listed strategy. */
export function cataloguePage(
  list: readonly ListedStrategy[],
  views: ReadonlyMap<string, PublicStrategy>,
): string {
  const path = paths.catalogue;
  const root = rootOf(path);
  const body = html`<p>掲載している数値は、CSV (UTF-8、BOM付き) と JSON で自由に取得できます。各ファイルは一つの数値を一行 (一件) とし、先頭の列に全国地方公共団体コードと地方公共団体名を置いています。列の意味はメタデータのファイルに記載しています。</p>
${list.map((l) => {
  const s = views.get(l.id);
  if (!s) return '';
  return html`<section aria-labelledby="d-${l.id}"><h2 id="d-${l.id}">${s.municipality.name} ${s.name}</h2>
<div class="scroll" role="region" aria-label="${s.name} のデータ" tabindex="0"><table>
<caption>${s.name} のデータ (更新日 ${s.updated})</caption>
<thead><tr><th scope="col">データ</th><th scope="col">CSV</th><th scope="col">JSON</th></tr></thead>
<tbody>
<tr><th scope="row">全指標 (${s.indicators.length}件)</th><td><a href="${root}${paths.strategyCsv(s.id)}">CSV<span class="visually-hidden"> 全指標</span></a></td><td><a href="${root}${paths.strategyJson(s.id)}">JSON<span class="visually-hidden"> 全指標</span></a></td></tr>
${s.indicators.map(
  (ind) =>
    html`<tr><th scope="row">${ind.name}</th><td><a href="${root}${paths.indicatorCsv(s.id, ind.id)}">CSV<span class="visually-hidden"> ${ind.name}</span></a></td><td><a href="${root}${paths.indicatorJson(s.id, ind.id)}">JSON<span class="visually-hidden"> ${ind.name}</span></a></td></tr>`,
)}
</tbody></table></div>
<p><a href="${root}${paths.metadata(s.id)}">${s.name} のメタデータ (JSON)</a></p>
</section>`;
})}`;
  return page({ path, title: 'オープンデータの一覧', body, crumbs: [{ label: 'オープンデータ' }] });
}

/**
 * The accessibility statement (アクセシビリティ方針と試験結果) in the items the みんなの公共サイト運用
 * ガイドライン asks for: the standard and level aimed at, the scope, how the pages are tested and
 * what the test covers. `testedOn` is the date of the last test run the operator records.
 */
export function accessibilityPage(testedOn: string | null): string {
  const path = paths.accessibility;
  const checks: [string, string, string][] = [
    ['1.1.1 非テキストコンテンツ', 'グラフには題名と説明を付け、同じ数値を表でも示しています。', '自動試験'],
    [
      '1.3.1 情報及び関係性',
      '表には見出しセル (th) と表題 (caption) を付け、見出しの階層を守っています。',
      '自動試験',
    ],
    ['1.4.1 色の使用', '進捗の区分は色だけでなく、記号と名前で示しています。', '設計・目視'],
    ['1.4.3 コントラスト (最低限)', '文字と背景のコントラスト比を 4.5:1 以上にしています。', '自動試験'],
    [
      '1.4.4 テキストのサイズ変更',
      '200% に拡大しても内容が欠けないようにしています。',
      '自動試験 (200%表示)',
    ],
    [
      '1.4.10 リフロー',
      '幅 320 px の画面でも横方向のスクロールなしで読めるようにしています (表はその部分だけスクロールします)。',
      '自動試験 (320×640)',
    ],
    ['2.1.1 キーボード', 'すべてのリンクと表の領域をキーボードで操作できます。', '自動試験・キーボード操作'],
    ['2.4.1 ブロックスキップ', '各ページの先頭に「本文へ移動」のリンクがあります。', '自動試験'],
    ['2.4.2 ページタイトル', '各ページに内容を表す題名を付けています。', '自動試験'],
    ['2.4.7 フォーカスの可視化', 'キーボードで選んでいる場所を枠で示します。', '設計・目視'],
    ['3.1.1 ページの言語', 'ページの言語を日本語 (lang="ja") と指定しています。', '自動試験'],
  ];
  const body = html`<h2>方針</h2>
<p>このサイトは、年齢や障害の有無などにかかわらず、誰もが地方創生総合戦略の進捗を確かめられるよう、日本産業規格 JIS X 8341-3:2016 の適合レベル AA を目標に作成しています。</p>
<h2>対象範囲</h2>
<p>このサイトのすべてのページ (戦略の一覧、戦略の概要、施策の体系、指標ごとのページ、有識者会議の意見と対応、進捗の判定方法、オープンデータの一覧、このページ)。CSV と JSON のデータファイルは対象外です。</p>
<h2>試験の方法</h2>
<p>ページの種類ごとに、axe-core による自動試験を、画面の大きさ 1366×768、320×640、および文字の 200% 拡大表示で行っています。あわせて、キーボードだけでの操作を確かめています。自動試験で確かめられない達成基準は、作成の段階で次の表のとおり対応しています。</p>
${testedOn ? html`<p>最後に試験した日: ${testedOn}</p>` : ''}
<div class="scroll" role="region" aria-label="主な達成基準への対応" tabindex="0"><table>
<caption>主な達成基準への対応</caption>
<thead><tr><th scope="col">達成基準</th><th scope="col">対応</th><th scope="col">確認の方法</th></tr></thead>
<tbody>${checks.map((c) => html`<tr><th scope="row">${c[0]}</th><td>${c[1]}</td><td>${c[2]}</td></tr>`)}</tbody></table></div>
<h2>お気づきの点</h2>
<p>読みにくい点や使いにくい点がありましたら、各自治体の担当窓口へお知らせください。</p>`;
  return page({
    path,
    title: 'アクセシビリティ方針と試験結果',
    body,
    crumbs: [{ label: 'アクセシビリティ' }],
  });
}

/**
 * The whole public site for the given strategies: the index, the catalogue, the accessibility
 * statement, the style sheet and every strategy's files. The server answers from the same files
 * that `sousei publish` writes.
 */
export function siteFiles(
  list: readonly ListedStrategy[],
  views: ReadonlyMap<string, PublicStrategy>,
  options: { testedOn?: string | null } = {},
): Map<string, SiteFile> {
  const files = new Map<string, SiteFile>([
    [paths.index, { body: indexPage(list), type: HTML_TYPE }],
    [paths.catalogue, { body: cataloguePage(list, views), type: HTML_TYPE }],
    [paths.accessibility, { body: accessibilityPage(options.testedOn ?? null), type: HTML_TYPE }],
    [paths.style, { body: STYLE, type: 'text/css; charset=utf-8' }],
  ]);
  for (const l of list) {
    const v = views.get(l.id);
    if (v) for (const [p, f] of strategyFiles(v)) files.set(p, f);
  }
  return files;
}
