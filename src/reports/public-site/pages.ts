import type { StatusInWords } from '../../core/public/condition-words.ts';
import type { PublicIndicator, PublicOpinion, PublicStrategy } from '../../core/public/public-view.ts';
import { trendChart } from './chart.ts';
import { type Html, html } from './html.ts';
import { countsTable, figureNotes, figureText, fy, page, paths, rootOf, statusBadge } from './layout.ts';

function periodText(s: Pick<PublicStrategy, 'period'>): string {
  const { from, to } = s.period;
  return from != null && to != null ? `${fy(from)}〜${fy(to)}` : '期間の記載なし';
}

function latest(ind: PublicIndicator) {
  return [...ind.actuals].reverse().find((a) => a.value != null || a.state === 'pending') ?? null;
}

function strategyData(s: PublicStrategy) {
  return [
    { label: `${s.name} の全指標 (CSV)`, path: paths.strategyCsv(s.id) },
    { label: `${s.name} の全指標 (JSON)`, path: paths.strategyJson(s.id) },
    { label: 'データの説明 (メタデータ, JSON)', path: paths.metadata(s.id) },
  ];
}

function indicatorLink(s: PublicStrategy, ind: PublicIndicator, from: string): Html {
  return html`<a href="${rootOf(from)}${paths.indicator(s.id, ind.id)}">${ind.name}</a>`;
}

/** The summary of a strategy: per basic goal the status counts and the numeric targets. */
export function strategyPage(s: PublicStrategy): string {
  const path = paths.strategy(s.id);
  const byId = new Map(s.indicators.map((i) => [i.id, i]));
  const years = s.publishedYears.map((y) => fy(y.fiscalYear)).join('、');
  const goals = s.goals.map((g, gi) => {
    const targets = g.numericTargetIds.map((id) => byId.get(id)!);
    const head = g.code ? `基本目標${g.code} ${g.name}` : g.name;
    return html`<section aria-labelledby="goal-${gi}"><h2 id="goal-${gi}">${head}</h2>
${g.description ? html`<p>${g.description}</p>` : ''}
${countsTable(g.counts, g.total, `${head} の指標の進捗状況 (${fy(s.asOf)}時点)`)}
${
  targets.length
    ? html`<div class="scroll" role="region" aria-label="${head} の数値目標" tabindex="0"><table>
<caption>${head} の数値目標</caption>
<thead><tr><th scope="col">数値目標</th><th scope="col">基準値</th><th scope="col">最新の実績値</th><th scope="col">目標値</th><th scope="col">進捗</th></tr></thead>
<tbody>${targets.map((t) => {
        const l = latest(t);
        return html`<tr><th scope="row">${indicatorLink(s, t, path)}</th><td>${figureText(t.baseline, t.unit)}${t.baseline?.fiscalYear != null ? html`<br><span class="note">${fy(t.baseline.fiscalYear)}</span>` : ''}</td><td>${figureText(l, t.unit)}${l?.fiscalYear != null ? html`<br><span class="note">${fy(l.fiscalYear)}${figureNotes(l) ? `、${figureNotes(l)}` : ''}</span>` : ''}</td><td>${figureText(t.target, t.unit)}${t.target?.fiscalYear != null ? html`<br><span class="note">${fy(t.target.fiscalYear)}</span>` : ''}</td><td>${statusBadge(t.status)}</td></tr>`;
      })}</tbody></table></div>`
    : html`<p>この基本目標には数値目標の指標がありません。</p>`
}
<p><a href="${rootOf(path)}${paths.tree(s.id)}#tree-${gi}">${head} の施策と指標の一覧</a></p>
</section>`;
  });
  const body = html`<dl class="facts">
<dt>自治体</dt><dd>${s.municipality.name}</dd>
<dt>計画期間</dt><dd>${periodText(s)}</dd>
<dt>公表している年度</dt><dd>${years}</dd>
<dt>進捗の判定</dt><dd>${fy(s.asOf)}の実績による (<a href="${rootOf(path)}${paths.judging(s.id)}">判定方法</a>)</dd>
<dt>最終更新日</dt><dd>${s.updated}</dd>
</dl>
${countsTable(s.overall.counts, s.overall.total, `全指標の進捗状況 (${fy(s.asOf)}時点)`)}
${goals}`;
  return page({
    path,
    title: `${s.name} の進捗状況`,
    strategy: s,
    body,
    crumbs: [{ label: s.name }],
    data: strategyData(s),
  });
}

/** The tree of a strategy: goals, their numeric targets, measures with KPIs, projects with indicators. */
export function treePage(s: PublicStrategy): string {
  const path = paths.tree(s.id);
  const byId = new Map(s.indicators.map((i) => [i.id, i]));
  const items = (ids: readonly string[]) =>
    ids.length
      ? html`<ul class="indicators">${ids.map((id) => {
          const ind = byId.get(id)!;
          return html`<li>${indicatorLink(s, ind, path)} <span class="note">(${ind.roleLabel})</span> ${statusBadge(ind.status)}</li>`;
        })}</ul>`
      : '';
  const goals = s.goals.map((g, gi) => {
    const head = g.code ? `基本目標${g.code} ${g.name}` : g.name;
    return html`<section aria-labelledby="tree-${gi}"><h2 id="tree-${gi}">${head}</h2>
${g.numericTargetIds.length ? html`<h3>数値目標</h3>${items(g.numericTargetIds)}` : ''}
${g.measures.map(
  (
    m,
  ) => html`<div class="measure depth-${Math.min(m.depth, 3)}"><h3>${m.code ? `施策${m.code} ` : ''}${m.name}</h3>
${m.summary ? html`<p>${m.summary}</p>` : ''}${items(m.indicatorIds)}
${m.projects.map(
  (p) =>
    html`<div class="project"><h4>${p.code ? `事業${p.code} ` : ''}${p.name}</h4>${p.summary ? html`<p>${p.summary}</p>` : ''}${items(p.indicatorIds)}</div>`,
)}</div>`,
)}
</section>`;
  });
  return page({
    path,
    title: `${s.name} の施策の体系`,
    strategy: s,
    body: html`<p>基本目標ごとに、数値目標、施策と重要業績評価指標 (KPI)、事業とその指標を示します。進捗の区分は${fy(s.asOf)}時点です。</p>${goals}`,
    crumbs: [{ label: s.name, path: paths.strategy(s.id) }, { label: '施策の体系' }],
    data: strategyData(s),
  });
}

function opinionBlock(o: PublicOpinion, s: PublicStrategy, from: string, level: 3 | 4): Html {
  const target =
    o.targetType === 'indicator'
      ? html`<a href="${rootOf(from)}${paths.indicator(s.id, o.targetId)}">${o.targetName}</a>`
      : html`${o.targetName}`;
  const h = level === 3 ? html`<h3>${target}</h3>` : html`<h4>${fy(o.fiscalYear)}の意見</h4>`;
  return html`<article class="opinion">${h}
<dl><dt>有識者会議の意見</dt><dd>${o.body}</dd><dt>市の対応方針</dt><dd>${o.response ?? '対応方針は検討中です。'}</dd></dl></article>`;
}

/** One indicator: status and its explanation, the trend chart with its table, commentary, opinions. */
export function indicatorPage(s: PublicStrategy, ind: PublicIndicator): string {
  const path = paths.indicator(s.id, ind.id);
  const goal = s.goals.find((g) => g.id === ind.goalId);
  const chart = trendChart(ind, 'chart-title');
  const rows = [
    ...(ind.baseline ? [{ kind: '基準値', f: ind.baseline }] : []),
    ...ind.milestones.map((f) => ({ kind: '中間目標', f })),
    ...ind.actuals.map((f) => ({ kind: '実績値', f })),
    ...(ind.target ? [{ kind: '目標値', f: ind.target }] : []),
  ];
  const body = html`<dl class="facts">
<dt>指標の種類</dt><dd>${ind.roleLabel}</dd>
${ind.unit ? html`<dt>単位</dt><dd>${ind.unit}</dd>` : ''}
${ind.directionLabel ? html`<dt>目指す方向</dt><dd>${ind.directionLabel}</dd>` : ''}
${ind.departments.length ? html`<dt>担当課</dt><dd>${ind.departments.join('、')}</dd>` : ''}
${ind.definition ? html`<dt>定義・算出方法</dt><dd>${ind.definition}</dd>` : ''}
</dl>
<section aria-labelledby="judgement"><h2 id="judgement">進捗の判定 (${fy(s.asOf)}時点)</h2>
<p class="big">${statusBadge(ind.status)}</p>
${ind.status.source === 'override' ? html`<p>この区分は市が判断したものです。計算による区分は「${ind.status.computedLabel ?? ''}」です。</p>` : ''}
${ind.explanation ? html`<p>${ind.explanation}</p>` : ''}
<p><a href="${rootOf(path)}${paths.judging(s.id)}">進捗の判定方法</a></p>
</section>
<section aria-labelledby="trend"><h2 id="trend">推移</h2>
${chart ?? html`<p>グラフに示せる数値がまだありません。</p>`}
<div class="scroll" role="region" aria-label="${ind.name} の数値" tabindex="0"><table>
<caption>${ind.name} の数値${ind.unit ? ` (単位: ${ind.unit})` : ''}</caption>
<thead><tr><th scope="col">年度</th><th scope="col">種類</th><th scope="col">値</th><th scope="col">備考</th></tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr><th scope="row">${fy(r.f.fiscalYear)}</th><td>${r.kind}</td><td class="num">${figureText(r.f, ind.unit)}</td><td>${figureNotes(r.f)}</td></tr>`,
  )}</tbody></table></div>
</section>
<section aria-labelledby="commentary"><h2 id="commentary">担当課による取組の状況</h2>
${
  ind.commentary.length
    ? ind.commentary.map(
        (c) => html`<h3>${fy(c.fiscalYear)}</h3><dl class="commentary">
${c.progress ? html`<dt>関連する事業の実施状況</dt><dd>${c.progress}</dd>` : ''}
${c.issues ? html`<dt>課題</dt><dd>${c.issues}</dd>` : ''}
${c.nextSteps ? html`<dt>今後の方策</dt><dd>${c.nextSteps}</dd>` : ''}
${c.summary ? html`<dt>総括</dt><dd>${c.summary}</dd>` : ''}
${c.text ? html`<dt>コメント</dt><dd>${c.text}</dd>` : ''}
</dl>`,
      )
    : html`<p>公表している年度のコメントはありません。</p>`
}
</section>
<section aria-labelledby="opinions"><h2 id="opinions">有識者会議の意見と市の対応方針</h2>
${ind.opinions.length ? ind.opinions.map((o) => opinionBlock(o, s, path, 4)) : html`<p>この指標への意見はありません。</p>`}
</section>`;
  return page({
    path,
    title: ind.name,
    strategy: s,
    body,
    crumbs: [
      { label: s.name, path: paths.strategy(s.id) },
      ...(goal
        ? [
            {
              label: goal.code ? `基本目標${goal.code}` : goal.name,
              path: `${paths.tree(s.id)}#tree-${s.goals.indexOf(goal)}`,
            },
          ]
        : []),
      { label: ind.name },
    ],
    data: [
      { label: `${ind.name} の数値 (CSV)`, path: paths.indicatorCsv(s.id, ind.id) },
      { label: `${ind.name} の数値 (JSON)`, path: paths.indicatorJson(s.id, ind.id) },
      { label: 'データの説明 (メタデータ, JSON)', path: paths.metadata(s.id) },
    ],
  });
}

/** The committee's opinions and the city's responses, per published year. */
export function opinionsPage(s: PublicStrategy): string {
  const path = paths.opinions(s.id);
  const body = s.opinionYears.length
    ? html`<p>外部の有識者による会議 (推進会議) の意見と、それに対する市の対応方針を、公表した年度ごとに掲載します。</p>${s.opinionYears.map(
        (y) =>
          html`<section aria-labelledby="y${y.fiscalYear}"><h2 id="y${y.fiscalYear}">${fy(y.fiscalYear)}の実績に対する意見</h2>${y.opinions.map((o) => opinionBlock(o, s, path, 3))}</section>`,
      )}`
    : html`<p>公表している年度の意見はまだありません。</p>`;
  return page({
    path,
    title: '有識者会議の意見と市の対応方針',
    strategy: s,
    body,
    crumbs: [{ label: s.name, path: paths.strategy(s.id) }, { label: '有識者会議の意見と対応' }],
    data: strategyData(s),
  });
}

function statusRow(st: StatusInWords): Html {
  return html`<tr><th scope="row"><span class="status" style="border-color:${st.color}"><span class="shape" aria-hidden="true">${st.shape}</span> ${st.label}</span></th><td>${st.when ?? '市が個別に判断したときに使う区分です'}</td><td>${st.description ?? ''}</td></tr>`;
}

/** How progress is judged: the scheme's statuses in words and the measures they use. */
export function judgingPage(s: PublicStrategy): string {
  const path = paths.judging(s.id);
  const body = html`<p>各指標の進捗は、基準値・目標値と、公表した年度の実績値から、次の決まりで判定しています。判定に使う年度は${fy(s.asOf)}です。</p>
<h2>判定の区分 (${s.scheme.name})</h2>
${s.scheme.description ? html`<p>${s.scheme.description}</p>` : ''}
<p>上の行から順に条件を調べ、最初に当てはまった区分とします。区分は色だけでなく、記号と名前で示します。</p>
<div class="scroll" role="region" aria-label="判定の区分" tabindex="0"><table>
<caption>進捗の区分と判定の条件</caption>
<thead><tr><th scope="col">区分</th><th scope="col">判定の条件</th><th scope="col">説明</th></tr></thead>
<tbody>${s.scheme.statuses.map(statusRow)}</tbody></table></div>
<h2>判定に使う値</h2>
<dl class="facts">
<dt>達成率</dt><dd>基準値から目標値までの差のうち、実績値がどこまで進んだかの割合です。減らすことを目指す指標では、減った分で計算します。</dd>
<dt>計画期間の経過割合</dt><dd>基準値の年度から目標値の年度までのうち、判定する年度までに経過した割合です。</dd>
<dt>進み具合</dt><dd>達成率を計画期間の経過割合で割ったものです。100%以上なら、基準値から目標値までを毎年等分に進む場合と同じか、それより早く進んでいます。</dd>
<dt>見込み</dt><dd>これまでの実績値に直線を当てはめ (最近の年度ほど重く見ます)、目標年度にどの値になりそうかを求めたものです。</dd>
<dt>累計の指標</dt><dd>年ごとの値を足し合わせた合計で目標と比べます。</dd>
<dt>維持を目指す指標</dt><dd>目標値の前後の一定の幅に入っているかで判定します。</dd>
</dl>
<h2>市が判断した区分</h2>
<p>計算による区分のほか、感染症の影響など数値だけでは判断できない事情があるときは、市が区分を判断することがあります。その場合は指標のページに「市の評価」と示し、計算による区分も併せて示します。</p>`;
  return page({
    path,
    title: '進捗の判定方法',
    strategy: s,
    body,
    crumbs: [{ label: s.name, path: paths.strategy(s.id) }, { label: '進捗の判定方法' }],
  });
}
