/**
 * Project sheets (個票) as recognized: the 実績・予定 row split into results and plans, and the
 * 設定指標 cell read into names, targets and dated actuals. A small sheet written for this test.
 */
import { describe, expect, it } from 'vitest';
import { isDepartmentName } from './department-cells.ts';
import type { GridWorkbook } from './grid.ts';
import { recognize } from './recognize.ts';

function sheet(lines: string[][]): GridWorkbook {
  const rows = lines.map((cells, i) => ({ row: i + 1, cells })).filter((r) => r.cells.some((c) => c.trim()));
  return {
    sheets: [{ file: 'sheet.tsv', name: null, rows, merges: [] }],
    encodings: { 'sheet.tsv': 'utf-8' },
  };
}

const HEAD = [
  '基本目標',
  '総合計画の関連施策',
  '上段:事務事業名 下段:事業名',
  '事業主体',
  '期間',
  '関連する総合戦略の成果目標・重要業績評価指標(KPI)',
];
const YEARS = ['実績・予定', '令和2年度', '令和3年度', '令和4年度', '重要業績評価指標(KPI)'];

describe('project sheets', () => {
  const doc = recognize(
    sheet([
      ['## 重点施策一覧'],
      ['No.', '事務事業名', '事業内容', '事業主体', '一覧No.'],
      ['1', '創業塾開催事業', '創業を志す人の講座を開く', '商工振興課', '11'],
      ['2', '空き店舗活用事業', '空き店舗の改修を助成する', '商工振興課', '12'],
      [''],
      ['### 重点施策(個票)'],
      ['No. 1'],
      HEAD,
      [
        '1. しごとをつくる',
        '1. 商工業の振興',
        '創業塾開催事業',
        '市 (商工振興課)',
        'R2 ~ R4',
        '成果目標',
        '創業件数 30件',
      ],
      ['事業内容'],
      ['創業を志す人の講座を開く'],
      YEARS,
      ['', '講座を4回開いた', '講座を5回開く', '講座を5回開く', '設定指標 実績 ・受講者数120人 R2:35人'],
      [''],
      ['No. 2'],
      HEAD,
      [
        '1. しごとをつくる',
        '1. 商工業の振興',
        '空き店舗活用事業',
        '市 (商工振興課)',
        'R2 ~ R4',
        '成果目標',
        '創業件数 30件',
      ],
      ['事業内容'],
      ['空き店舗の改修を助成する'],
      YEARS,
      ['', '2件を助成した', '3件を助成する', '3件を助成する', '設定指標 ①改修件数 9件 ②新規出店数 6店'],
    ]),
  ).document;
  const project = (name: string) => doc.projects.find((p) => p.name === name)!;
  const indicators = (name: string) =>
    doc.indicators.filter(
      (i) => i.owner?.type === 'project' && i.owner.id === project(name).id && i.role === 'project_indicator',
    );

  it('reads each 設定指標 with its target and its dated actual', () => {
    expect(
      indicators('創業塾開催事業').map((i) => [
        i.name,
        i.target?.value,
        i.actuals.map((a) => [a.value, a.fiscalYear]),
      ]),
    ).toEqual([['受講者数', 120, [[35, 2020]]]]);
    expect(indicators('空き店舗活用事業').map((i) => [i.name, i.target?.value])).toEqual([
      ['改修件数', 9],
      ['新規出店数', 6],
    ]);
  });

  it('splits 実績・予定 at the latest dated actual: results up to it, plans after', () => {
    for (const name of ['創業塾開催事業', '空き店舗活用事業']) {
      const years = project(name).years ?? [];
      expect(
        years.map((y) => [y.fiscalYear, !!y.result, !!y.plan]),
        name,
      ).toEqual([
        [2020, true, false],
        [2021, false, true],
        [2022, false, true],
      ]);
    }
    expect(project('創業塾開催事業').years?.[0]?.result).toBe('講座を4回開いた');
  });
});

describe('a sheet row that lost a year cell', () => {
  // The year row has one cell less than the header (the last year's plan is gone), so the
  // 設定目標 | 実績 pair slid one column left, and the 実績's figure went into the 設定目標 cell.
  const doc = recognize(
    sheet([
      HEAD,
      [
        '2. ひとを呼ぶ',
        '3. 移住の促進',
        '移住体験事業',
        '市 (企画課)',
        'R2 ~ R4',
        '重要業績評価指標(KPI)',
        '体験ツアー参加者数 300人',
      ],
      ['事業内容'],
      ['移住を考える人に暮らしを体験してもらう'],
      YEARS,
      [
        '',
        'ツアーを2回開いた',
        'ツアーを3回開く',
        '設定目標 暮らしに満足している移住者の割合(30歳代) 72.5% 80%以上',
        '実績 暮らしに満足している移住者の割合(30歳代) 【R1調査】',
      ],
    ]),
  ).document;

  it('gives the 実績 its figure back, dated by the year the 実績 cell names', () => {
    const project = doc.projects.find((p) => p.name === '移住体験事業')!;
    const own = doc.indicators.filter(
      (i) => i.owner?.type === 'project' && i.owner.id === project.id && i.role === 'project_indicator',
    );
    expect(own.map((i) => [i.name, i.target?.value, i.actuals.map((a) => [a.value, a.fiscalYear])])).toEqual([
      ['暮らしに満足している移住者の割合(30歳代)', 80, [[72.5, 2019]]],
    ]);
  });
});

describe('department cells', () => {
  it('take no figure or year as a department', () => {
    expect(isDepartmentName('経営戦略課')).toBe(true);
    expect(isDepartmentName('IT推進室')).toBe(true);
    for (const junk of ['(R3)', '1.40', '202人', '2', 'R5年度'])
      expect(isDepartmentName(junk), junk).toBe(false);
  });

  it('leave a shifted figure in the department column unmapped with its reason', () => {
    const r = recognize(
      sheet([
        ['基本目標1 しごとをつくる'],
        ['KPI', '基準値', '目標値', '担当課'],
        ['創業件数', '10件', '30件', '商工振興課'],
        ['観光客数', '100千人', '120千人', '1.40・(R3)'],
      ]),
    );
    const byName = new Map(r.document.indicators.map((i) => [i.name, i.departments ?? []]));
    expect(byName.get('創業件数')).toEqual(['商工振興課']);
    expect(byName.get('観光客数')).toEqual([]);
    expect(r.document.unmapped?.find((u) => u.raw === '1.40・(R3)')?.reason).toMatch(/department/);
  });
});

describe('indicator cells of a sheet’s header rows', () => {
  const own = (doc: ReturnType<typeof recognize>['document'], name: string) => {
    const project = doc.projects.find((p) => p.name === name)!;
    return doc.indicators
      .filter((i) => i.owner?.type === 'project' && i.owner.id === project.id)
      .map((i) => [i.role, i.name, i.target?.value ?? null, i.target?.raw ?? null]);
  };

  it('reads two labels in one cell beside two named figures as two indicators, in order', () => {
    // A conversion joined the 成果目標 and KPI rows: both labels in one cell, both indicators in the next.
    const doc = recognize(
      sheet([
        HEAD,
        [
          '2. ひとを呼ぶ',
          '5. 観光の振興',
          '観光案内事業',
          '市 (観光課)',
          'R2 ~ R4',
          '成果目標 重要業績評価指標(KPI)',
          '観光入込客数 120,000人/年  公式アプリ登録者数 3万人 (累計)',
        ],
        ['事業内容'],
        ['観光案内所を開く'],
      ]),
    ).document;
    expect(own(doc, '観光案内事業')).toEqual([
      ['numeric_target', '観光入込客数', 120000, '120,000人/年'],
      ['kpi', '公式アプリ登録者数', 30000, '3万人 (累計)'],
    ]);
  });

  it('reads a target written in labelled parts as one target, its name without the first part', () => {
    const doc = recognize(
      sheet([
        HEAD,
        ['3. 子どもを育てる', '7. 学校教育', '学校図書館事業', '市 (学校教育課)', 'R2 ~ R4', '成果目標', '—'],
        ['', '', '', '', '', '重要業績評価指標(KPI)', '1人当たりの貸出冊数 4冊以上(小学生) 2冊以上(中学生)'],
        ['事業内容'],
        ['学校図書館の蔵書を増やす'],
      ]),
    ).document;
    expect(own(doc, '学校図書館事業')).toEqual([
      ['kpi', '1人当たりの貸出冊数', null, '4冊以上(小学生) 2冊以上(中学生)'],
    ]);
  });

  it('gives a label its value when the value holds a header word, or stands alone far along the row', () => {
    const doc = recognize(
      sheet([
        HEAD,
        [
          '3. 子どもを育てる',
          '4. 子育て支援',
          '一時保育事業',
          '市 (こども課)',
          'R2 ~ R4',
          '成果目標',
          '計画の目標量に対する実施割合 100%/年',
        ],
        ['重要業績評価指標(KPI)', '', '', '', '', '一時保育の利用者数 900人/年'],
        ['事業内容'],
        ['保育園で一時保育を行う'],
      ]),
    ).document;
    expect(own(doc, '一時保育事業')).toEqual([
      ['numeric_target', '計画の目標量に対する実施割合', 100, '100%/年'],
      ['kpi', '一時保育の利用者数', 900, '900人/年'],
    ]);
  });

  it('keeps a 実績 written as a word beside a 設定指標 as its actual', () => {
    const doc = recognize(
      sheet([
        HEAD,
        [
          '3. 子どもを育てる',
          '7. 学校教育',
          '校内無線整備事業',
          '市 (学校教育課)',
          'R2 ~ R4',
          '成果目標',
          '—',
        ],
        ['事業内容'],
        ['校内に無線通信網を整える'],
        [...YEARS, ''],
        ['', '全校に無線網を整備', '端末の利用回数 2回/日', '端末の利用回数 3回/日', '設定指標', '実績'],
        ['', '', '', '', '端末の1日当たりの利用回数 (左記のとおり)', '導入完了'],
      ]),
    ).document;
    const ind = doc.indicators.find((i) => i.role === 'project_indicator')!;
    expect([ind.name, ind.target, ind.actuals.map((a) => [a.raw, a.value])]).toEqual([
      '端末の1日当たりの利用回数 (左記のとおり)',
      null,
      [['導入完了', null]],
    ]);
  });
});

describe('a 設定指標 cell read against the yearly cells of its row', () => {
  const nb = ' \u00a0\u00a0\u00a0 ';
  const own = (doc: ReturnType<typeof recognize>['document'], name: string) => {
    const project = doc.projects.find((p) => p.name === name)!;
    return doc.indicators
      .filter(
        (i) => i.owner?.type === 'project' && i.owner.id === project.id && i.role === 'project_indicator',
      )
      .map((i) => [
        i.name,
        i.target?.value ?? null,
        i.target?.fiscalYear ?? null,
        i.actuals.map((a) => [a.value, a.fiscalYear]),
      ]);
  };
  const block = (name: string, yearly: string[], setting: string) =>
    sheet([
      HEAD,
      ['3. 子どもを育てる', '4. 子育て支援', name, '市 (こども課)', 'R2 ~ R4', '成果目標', '—'],
      ['事業内容'],
      ['放課後の居場所をつくる'],
      YEARS,
      ['', ...yearly, setting],
    ]);

  it('places two figures of a flattened 設定指標 | 実績 table: the final year’s plan is the target', () => {
    const N = '放課後教室の延べ参加者数';
    const doc = recognize(
      block(
        '放課後教室事業',
        [`${N} 3,100人`, `${N} 2,400人 (分室の閉鎖による)`, `${N} 900人 (分室の閉鎖による)`],
        `設定指標${nb}実績 ${N}${nb}${N} 3,100人 900人(年間)`,
      ),
    ).document;
    expect(own(doc, '放課後教室事業')).toEqual([[N, 900, 2022, [[3100, 2020]]]]);
    // the 実績's year is a result, the later years plans
    const years = doc.projects.find((p) => p.name === '放課後教室事業')!.years ?? [];
    expect(years.map((y) => [y.fiscalYear, !!y.result])).toEqual([
      [2020, true],
      [2021, false],
      [2022, false],
    ]);
  });

  it('leaves the two figures unplaced when the yearly cells do not tell', () => {
    const N = '放課後教室の延べ参加者数';
    const doc = recognize(
      block(
        '放課後教室事業',
        [`${N} 3,000人`, `${N} 2,400人`, `${N} 900人`],
        `設定指標${nb}実績 ${N}${nb}${N} 3,100人 900人(年間)`,
      ),
    ).document;
    expect(own(doc, '放課後教室事業')).toEqual([[N, null, null, []]]);
  });

  it('splits several names the yearly items confirm into indicators, each target the last yearly figure', () => {
    const A = '図書館でのおはなし会の開催';
    const B = '読み聞かせボランティアの登録者数';
    const doc = recognize(
      block(
        '読書推進事業',
        [`〇${A}(臨時休館により縮小)`, `〇${A} 〇${B}25人`, `〇${A} 〇${B}35人`],
        `設定指標 ${A} ${B}(左記)`,
      ),
    ).document;
    expect(own(doc, '読書推進事業')).toEqual([
      [A, null, null, []],
      [B, 35, 2022, []],
    ]);
    // the yearly texts stay the project's plans
    expect(doc.projects.find((p) => p.name === '読書推進事業')!.years?.map((y) => y.plan)).toEqual([
      `〇${A}(臨時休館により縮小)`,
      `〇${A} 〇${B}25人`,
      `〇${A} 〇${B}35人`,
    ]);
  });
});
