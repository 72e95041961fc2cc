import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TreeIndicator, TreeProject } from '../../web/src/api/types.ts';
import { checkCell } from '../../web/src/lib/cell-check.ts';
import { isBlock, parseClipboardBlock } from '../../web/src/lib/clipboard.ts';
import { fiscalYearLabel, formatAmount, formatShare, periodLabel } from '../../web/src/lib/format.ts';
import { issuePlace, issuesOf } from '../../web/src/lib/issues.ts';
import { foldForSearch, matchesSearch } from '../../web/src/lib/normalize.ts';
import { opinionItems } from '../../web/src/lib/opinion-items.ts';
import { enterableDepartments, grantOf } from '../../web/src/lib/permissions.ts';
import {
  boundedProgress,
  classChoices,
  classificationOf,
  matchesClass,
  mostBehind,
  TAG_SEP,
} from '../../web/src/lib/tree-walk.ts';
import { trendModel } from '../../web/src/lib/trend.ts';

describe('search folding', () => {
  it('treats half/full width, case and katakana/hiragana alike', () => {
    expect(foldForSearch('ｼﾞﾝｺｳ　Ａｂ１')).toBe('じんこうab1');
    expect(matchesSearch('ｶﾝｺｳ', '観光客（かんこう）')).toBe(true);
    expect(matchesSearch('かんこう', 'カンコウ客数')).toBe(true);
    expect(matchesSearch('ＫＰＩ　人口', 'kpi 転入人口')).toBe(true);
    expect(matchesSearch('人口 農業', '転入人口')).toBe(false);
    expect(matchesSearch('   ', 'anything')).toBe(true);
  });

  it('folding is idempotent and a text always matches itself (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(foldForSearch(foldForSearch(s))).toBe(foldForSearch(s));
        expect(matchesSearch(s, s)).toBe(true);
      }),
    );
  });
});

describe('clipboard blocks from spreadsheets', () => {
  it('reads tabs, CR LF, quoted cells and ignores the trailing newline', () => {
    expect(parseClipboardBlock('1,563件\t(R1)\r\n1,600件\t\r\n')).toEqual([
      ['1,563件', '(R1)'],
      ['1,600件', ''],
    ]);
    expect(parseClipboardBlock('"a\tb"\t"say ""hi"""\n"two\nlines"\n')).toEqual([
      ['a\tb', 'say "hi"'],
      ['two\nlines'],
    ]);
    expect(isBlock('one cell\n')).toBe(false);
    expect(isBlock('a\tb')).toBe(true);
  });

  it('round-trips any grid written the way Excel copies it (property)', () => {
    const cell = fc.string({ maxLength: 8 });
    const grid = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
      .chain(([r, c]) =>
        fc.array(fc.array(cell, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
      );
    const quote = (s: string) => (/[\t\r\n"]/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s);
    fc.assert(
      fc.property(grid, (rows) => {
        const text = `${rows.map((r) => r.map(quote).join('\t')).join('\r\n')}\r\n`;
        expect(parseClipboardBlock(text)).toEqual(rows);
      }),
    );
  });
});

describe('cell checks in the data-entry grid', () => {
  const context = {
    unit: '件',
    fiscalYear: 2024,
    past: [1563, 1570, 1606, 1625].map((value, i) => ({ fiscalYear: 2019 + i, value })),
  };
  it('parses with the core and warns about unit, year and range', () => {
    const ok = checkCell('1,659件', context);
    expect(ok.parsed?.value).toBe(1659);
    expect(ok.warnings).toEqual([]);
    expect(checkCell('1,600人 (R5)', context).warnings.map((w) => w.code)).toEqual([
      'UNIT_DIFFERS',
      'YEAR_MISMATCH',
    ]);
    expect(checkCell('16,590', context).warnings.map((w) => w.code)).toEqual(['OUTSIDE_PAST_RANGE']);
    expect(checkCell('よく分からない', context).warnings.map((w) => w.code)).toContain('VALUE_UNPARSEABLE');
    expect(checkCell('  ', context)).toEqual({ parsed: null, warnings: [] });
    // A value written without a unit takes the indicator's; a value inside the past range passes.
    expect(checkCell('1,600', context).warnings).toEqual([]);
  });

  it('takes the year a figure is for from the end of its period, and none from a publication date', () => {
    const codes = (raw: string) => checkCell(raw, context).warnings.map((w) => w.code);
    expect(codes('令和7年9月 公表予定')).toEqual([]);
    expect(codes('1,610件(R2～R6の累計)')).toEqual([]);
    expect(codes('1,610件(R2～R5の累計)')).toEqual(['YEAR_MISMATCH']);
    expect(checkCell('1,610件(R2～R5の累計)', context).warnings[0]?.message).toContain('2020〜2023');
    expect(codes('1,610件 (R6)')).toEqual([]);
  });

  it('every warning has a Japanese and an English message', () => {
    for (const w of checkCell('1億人 (R2)', context).warnings) {
      expect(w.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(w.messageEn).toMatch(/[a-z]/);
    }
  });
});

describe('trend chart model', () => {
  it('draws the time-proportional line, the forecast and an axis covering every point', () => {
    const m = trendModel({
      baseline: { fiscalYear: 2019, value: 100 },
      target: { fiscalYear: 2024, value: 150 },
      actuals: [
        { fiscalYear: 2021, value: 115 },
        { fiscalYear: 2020, value: 104 },
      ],
      forecast: 140,
    });
    expect(m.actuals.map((p) => p.fiscalYear)).toEqual([2020, 2021]);
    expect(m.expected).toHaveLength(6);
    expect(m.expected[2]).toEqual({ fiscalYear: 2021, value: 120 });
    expect(m.forecast).toEqual([
      { fiscalYear: 2021, value: 115 },
      { fiscalYear: 2024, value: 140 },
    ]);
    expect(m.axis.min).toBeLessThanOrEqual(100);
    expect(m.axis.max).toBeGreaterThanOrEqual(150);
    expect(m.years).toEqual({ from: 2019, to: 2024 });
  });

  it('the axis contains all values for any data (property)', () => {
    const point = fc.record({
      fiscalYear: fc.integer({ min: 2000, max: 2040 }),
      value: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 10 }), (actuals) => {
        const m = trendModel({ baseline: null, target: null, actuals, forecast: null });
        expect(Number.isFinite(m.axis.min) && Number.isFinite(m.axis.max)).toBe(true);
        for (const p of actuals) {
          expect(p.value).toBeGreaterThanOrEqual(m.axis.min);
          expect(p.value).toBeLessThanOrEqual(m.axis.max);
        }
      }),
      {
        examples: [
          [[{ fiscalYear: 2020, value: -2.5e-323 }]],
          [
            [
              { fiscalYear: 2020, value: 5e-324 },
              { fiscalYear: 2021, value: 0 },
            ],
          ],
        ],
      },
    );
  });
});

describe('formatting', () => {
  it('writes fiscal years both ways and numbers with Japanese grouping', () => {
    expect(fiscalYearLabel(2024)).toBe('令和6年度 (2024)');
    expect(formatAmount(18165, '人')).toBe('18,165人');
    expect(formatAmount(null, '人')).toBe('—');
    // Stored in base units, shown in the indicator's unit (万円 is 10,000 円).
    expect(formatAmount(1_850_000_000, '万円')).toBe('185,000万円');
    expect(formatShare(45)).toBe('45.0%');
  });

  it('writes fiscal years and periods in English Western-first, with the era as an abbreviation', () => {
    expect(fiscalYearLabel(2024, 'en')).toBe('FY2024 (R6)');
    expect(fiscalYearLabel(2018, 'en')).toBe('FY2018 (H30)');
    expect(periodLabel({ from: 2020, to: 2024 }, 'en')).toBe('FY2020 (R2) to FY2024 (R6)');
    expect(periodLabel({ from: 2025, to: 2029 }, 'ja')).toBe('令和7年度 (2025) ～ 令和11年度 (2029)');
  });
});

describe('tree classifications (tags, SDGs, 重点)', () => {
  const ind = (id: string, tags?: { set: string; tag: string }[]): TreeIndicator => ({
    id,
    ref: null,
    name: id,
    unit: null,
    role: 'kpi',
    direction: null,
    version: 1,
    departments: [],
    ...(tags ? { tags } : {}),
    baseline: null,
    target: null,
    latest: null,
    evaluation: null,
  });
  const project: TreeProject = {
    id: 'p',
    code: null,
    name: 'p',
    departments: [],
    tags: [{ set: '視点', tag: 'デジタル' }],
    sdgs: [8, 11],
    priority: true,
    indicators: [],
  };
  const none = { tag: '', sdg: '', priority: false };

  it('inherits the project classification and merges the indicator own tags without duplicates', () => {
    const c = classificationOf(
      ind('a', [
        { set: '視点', tag: 'デジタル' },
        { set: '他', tag: 'x' },
      ]),
      project,
    );
    expect(c.tags).toEqual([
      { set: '視点', tag: 'デジタル' },
      { set: '他', tag: 'x' },
    ]);
    expect(c.sdgs).toEqual([8, 11]);
    expect(c.priority).toBe(true);
    expect(classificationOf(ind('b'), null)).toEqual({ tags: [], sdgs: [], priority: false });
  });

  it('filters by tag set + tag, SDG goal and priority; empty filter keeps everything', () => {
    const c = classificationOf(ind('a'), project);
    const bare = classificationOf(ind('b'), null);
    expect(matchesClass(c, none)).toBe(true);
    expect(matchesClass(bare, none)).toBe(true);
    expect(matchesClass(c, { ...none, tag: `視点${TAG_SEP}デジタル` })).toBe(true);
    // Same tag name in another set is a different tag.
    expect(matchesClass(c, { ...none, tag: `他${TAG_SEP}デジタル` })).toBe(false);
    expect(matchesClass(c, { ...none, sdg: '11' })).toBe(true);
    expect(matchesClass(c, { ...none, sdg: '1' })).toBe(false);
    expect(matchesClass(c, { ...none, priority: true })).toBe(true);
    expect(matchesClass(bare, { ...none, priority: true })).toBe(false);
  });

  it('lists the choices present in the tree, sorted', () => {
    const goal = {
      id: 'g',
      code: null,
      name: 'g',
      indicators: [ind('g1', [{ set: 'B', tag: 'z' }])],
      measures: [],
    };
    const placed = [
      { indicator: goal.indicators[0]!, goal, measures: [], project: null },
      { indicator: ind('p1'), goal, measures: [], project },
    ];
    const ch = classChoices(placed);
    expect(ch.tagSets).toEqual([
      { set: 'B', tags: ['z'] },
      { set: '視点', tags: ['デジタル'] },
    ]);
    expect(ch.sdgs).toEqual([8, 11]);
    expect(ch.anyPriority).toBe(true);
    expect(classChoices(placed.slice(0, 1)).anyPriority).toBe(false);
  });
});

describe('what the UI offers per role (the server checks regardless)', () => {
  const me = (role: string, departmentIds: string[] = []) => ({
    user: { id: 'u', name: 'u', userName: 'u', role, municipalityId: 'm', departmentIds, demo: false },
    departmentIds,
  });
  const known = [
    { id: 'd1', name: '企画課' },
    { id: 'd2', name: '観光課' },
  ];
  const names = ['企画課', '観光課'];

  it('planners and admins may do everything, editors enter for their departments, readers nothing', () => {
    for (const role of ['admin', 'planner'])
      for (const p of ['figures.write', 'imports.write', 'settings.write'] as const)
        expect(grantOf(me(role), p)).toBe('all');
    expect(grantOf(me('editor'), 'figures.write')).toBe('dept');
    expect(grantOf(me('editor'), 'imports.write')).toBeNull();
    expect(grantOf(me('editor'), 'settings.write')).toBeNull();
    for (const role of ['viewer', 'committee', 'unknown'])
      expect(grantOf(me(role), 'figures.write')).toBeNull();
    expect(grantOf(null, 'figures.write')).toBeNull();
  });

  it('lists the departments one may enter figures for', () => {
    expect(enterableDepartments(me('planner'), names, known)).toEqual(names);
    expect(enterableDepartments(me('editor', ['d2']), names, known)).toEqual(['観光課']);
    expect(enterableDepartments(me('editor', ['d9']), names, known)).toEqual([]);
    expect(enterableDepartments(me('editor', ['d2']), names, undefined)).toEqual([]);
    expect(enterableDepartments(me('viewer'), names, known)).toEqual([]);
  });
});

describe('indicators most behind', () => {
  const placed = (id: string, achievement: number | null, pace: number | null, key = 'behind') =>
    ({
      indicator: { id, name: id, evaluation: { status: { key }, achievement, pace } },
    }) as unknown as Parameters<typeof mostBehind>[0][number];

  it('bounds progress to −100%…100% and flags what is worse than the baseline', () => {
    expect(boundedProgress({ achievement: -185.56, pace: -400 })).toEqual({ ratio: -1, below: true });
    expect(boundedProgress({ achievement: 0.42, pace: 0.7 })).toEqual({ ratio: 0.42, below: false });
    expect(boundedProgress({ achievement: null, pace: 0.3 })).toEqual({ ratio: 0.3, below: false });
    expect(boundedProgress({ achievement: null, pace: null })).toBeNull();
  });

  it('ranks by bounded progress (ties by pace), leaving out achieved and unrated ones', () => {
    const list = [
      placed('a', -185.56, -300),
      placed('b', -1.2, -2),
      placed('c', 0.1, 0.2),
      placed('d', 1.4, 1.5),
      placed('e', 0.5, 0.9, 'achieved'),
      placed('f', null, null, 'unrated'),
    ];
    expect(mostBehind(list, 5).map((p) => p.indicator.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('opinionItems', () => {
  const indicator = (id: string, departments: string[] = []) =>
    ({ id, name: `指標${id}`, departments }) as unknown as TreeIndicator;
  it('lists the items outside any goal after the goals, so that the committee can review them too', () => {
    const tree = {
      goals: [
        {
          name: '目標',
          indicators: [indicator('g1')],
          measures: [
            { id: 'm', name: '施策', indicators: [indicator('m1', ['課A'])], projects: [], measures: [] },
          ],
        },
      ],
      unassigned: {
        measures: [{ id: 'o', name: '孤立施策', indicators: [indicator('o1')], projects: [], measures: [] }],
        projects: [
          { id: 'p', name: '事業', indicators: [indicator('p1', ['課B'])] } as unknown as TreeProject,
        ],
        indicators: [indicator('u1', ['課C'])],
      },
    } as unknown as Parameters<typeof opinionItems>[0];
    const items = opinionItems(tree);
    expect(items.map((i) => [i.targetType, i.id, i.path.join('›')])).toEqual([
      ['indicator', 'g1', '目標'],
      ['measure', 'm', '目標'],
      ['indicator', 'm1', '目標›施策'],
      ['measure', 'o', ''],
      ['indicator', 'o1', '孤立施策'],
      ['indicator', 'u1', ''],
      ['indicator', 'p1', ''],
    ]);
    expect(items.find((i) => i.id === 'u1')?.departments).toEqual(['課C']);
  });
});

describe('the issues of an error answer (one shape for imports and entry workbooks)', () => {
  const entry = {
    code: 'PROTECTED_CELL_EDITED',
    severity: 'error' as const,
    message: 'シート「入力」D5: 変更できないセルが変更されています',
    messageEn: "Sheet '入力' D5: a protected cell was changed",
    place: { sheet: '入力', row: 5, column: 4 },
    hint: null,
    cell: 'D5',
  };
  const read = {
    code: 'CELL_TOO_LONG',
    severity: 'error' as const,
    message: 'セルの文字数が多すぎます',
    messageEn: 'The cell text is too long',
    place: { file: 'kpi.xlsx', sheet: 'KPI', row: 3, column: 2 },
    hint: '引用符が閉じているか確認してください / check that quotes are closed',
    cell: 'B3',
  };
  it('keeps issue-shaped details only', () => {
    expect(issuesOf([entry, read, { path: 'colour', message: 'x' }, null, 'x'])).toEqual([entry, read]);
    expect(issuesOf({ warnings: [] })).toEqual([]);
  });
  it('names the place once: the cell unless the message already names it, else the place', () => {
    expect(issuePlace(entry)).toBe('');
    expect(issuePlace(read)).toBe('B3: ');
    expect(issuePlace({ ...read, cell: null })).toBe('kpi.xlsx シート「KPI」 3行 2列: ');
    expect(issuePlace({ ...read, cell: undefined, place: null })).toBe('');
  });
});
