import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ParseValueOptions, parseValue } from './parse-value.ts';
import { type ParsedValue, parsedValueSchema, type ValuePeriod } from './parsed-value.ts';

const fy = (from: number | null, to: number | null = from, date: string | null = null): ValuePeriod => ({
  from,
  to,
  basis: 'fiscal',
  date,
});
const cal = (from: number | null, to: number | null = from): ValuePeriod => ({
  from,
  to,
  basis: 'calendar',
  date: null,
});

/** Checks the given fields exactly; the fields not given must have their empty defaults. */
function expectParsed(text: string, expected: Partial<ParsedValue>, options?: ParseValueOptions): void {
  const got = parseValue(text, options);
  const want: ParsedValue = {
    kind: 'number',
    value: null,
    unit: null,
    period: null,
    parts: [],
    qualifiers: [],
    note: null,
    raw: text,
    ...expected,
  };
  expect(got, text).toEqual(want);
}

describe('parseValue: plain numbers', () => {
  it.each([
    ['1,563件', 1563, '件'],
    ['6,835', 6835, null],
    ['29,528,200円', 29528200, '円'],
    ['0件', 0, '件'],
    ['2.11', 2.11, null],
    ['3.2点', 3.2, '点'],
    ['15,665基', 15665, '基'],
    ['182事業所', 182, '事業所'],
    ['288.1ha', 288.1, 'ha'],
    ['241経営体', 241, '経営体'],
    ['30 人', 30, '人'],
  ])('%s → %s %s', (text, value, unit) => {
    expectParsed(text, { value, unit });
  });

  it('reads full-width digits, separators and units', () => {
    expectParsed('１２，３４５人', { value: 12345, unit: '人' });
    expectParsed('９５．６％', { value: 95.6, unit: '%' });
    expectParsed('１，２００ｍ３／年', { value: 1200, unit: 'm³/年' });
  });

  it('keeps percent values in percent points', () => {
    expectParsed('95.60%', { value: 95.6, unit: '%' });
    expectParsed('61.00%', { value: 61, unit: '%' });
    expectParsed('100パーセント', { value: 100, unit: '%' });
  });

  it('does not take a comma that is not a thousands separator as part of the number', () => {
    // `1,2345` is two numbers, not a figure.
    expect(parseValue('1,2345人').kind).toBe('text');
  });
});

describe('parseValue: signs', () => {
  it.each([
    ['△236人', -236, '人'],
    ['▲3.2%', -3.2, '%'],
    ['▲ 3.2%', -3.2, '%'],
    ['−15人', -15, '人'],
    ['-5', -5, null],
    ['ー5人', -5, '人'],
    ['－５人', -5, '人'],
    ['+1,520人', 1520, '人'],
  ])('%s → %s', (text, value, unit) => {
    expectParsed(text, { value, unit });
  });

  it('reads △ with a year', () => {
    expectParsed('△69人 (R3)', { value: -69, unit: '人', period: fy(2021) });
  });

  it('does not read the long vowel mark inside a katakana word as a minus', () => {
    expect(parseValue('センター5か所').value).toBe(5);
  });
});

describe('parseValue: scale words', () => {
  it.each([
    ['608千人', 608000, '人'],
    ['2,500千円/年', 2500000, '円/年'],
    ['3.5万件/月', 35000, '件/月'],
    ['37.7万件/月', 377000, '件/月'],
    ['109万人', 1090000, '人'],
    ['357.1万人', 3571000, '人'],
    ['1億2,000万円', 120000000, '円'],
    ['1兆2,000億円', 1.2e12, '円'],
    ['20.3億円', 2030000000, '円'],
    ['3万5000人', 35000, '人'],
    ['12百万円', 12000000, '円'],
    ['1兆', 1e12, null],
  ])('%s → %s %s', (text, value, unit) => {
    expectParsed(text, { value, unit });
  });
});

describe('parseValue: units', () => {
  it.each([
    ['874g/人・日', 874, 'g/人・日'],
    ['804g/人･日', 804, 'g/人・日'],
    ['1,200m ³ /年', 1200, 'm³/年'],
    ['1,200m3/年', 1200, 'm³/年'],
    ['1,200㎥/年', 1200, 'm³/年'],
    ['30t-CO ₂ /年', 30, 't-CO2/年'],
    ['30t-CO2/年', 30, 't-CO2/年'],
    ['12km2', 12, 'km²'],
    ['5人/年', 5, '人/年'],
    ['2.5%/年', 2.5, '%/年'],
    // A bare number per period (a rate such as a fertility rate per year).
    ['2.11/年', 2.11, '/年'],
    ['1.5/年度', 1.5, '/年度'],
    ['95カ所', 95, 'か所'],
    ['95ヶ所', 95, 'か所'],
    ['3か月', 3, 'か月'],
  ])('%s → %s %s', (text, value, unit) => {
    expectParsed(text, { value, unit });
  });

  it('reads a slash between numbers or before a longer word as no rate', () => {
    expect(parseValue('3/5').kind).toBe('text');
    expect(parseValue('2/年間').kind).toBe('text');
  });

  it('does not take a long phrase after a number as a unit', () => {
    expect(parseValue('4か月児健康診査時に実施する質問票').kind).toBe('text');
  });
});

describe('parseValue: qualifiers', () => {
  it('reads 約 and other approximations', () => {
    expectParsed('約1,000人', { value: 1000, unit: '人', qualifiers: ['approximate'] });
    expectParsed('約 1,000 人', { value: 1000, unit: '人', qualifiers: ['approximate'] });
    expectParsed('5万人程度', { value: 50000, unit: '人', qualifiers: ['approximate'] });
  });

  it('reads bounds after the unit, also before a per-unit', () => {
    expectParsed('65%以上', { value: 65, unit: '%', qualifiers: ['at-least'] });
    expectParsed('50%未満', { value: 50, unit: '%', qualifiers: ['less-than'] });
    expectParsed('180人未満/年', { value: 180, unit: '人/年', qualifiers: ['less-than'] });
    expectParsed('100人超', { value: 100, unit: '人', qualifiers: ['more-than'] });
    expectParsed('3回以下', { value: 3, unit: '回', qualifiers: ['at-most'] });
  });

  it('reads a relative change after the unit (30%増, 10%減)', () => {
    expectParsed('30%増', { value: 30, unit: '%', qualifiers: ['increase'] });
    expectParsed('10%減', { value: 10, unit: '%', qualifiers: ['decrease'] });
  });

  it('reads 速報値 before or after the figure as preliminary', () => {
    expectParsed('(速報値) 80.2%', { value: 80.2, unit: '%', qualifiers: ['preliminary'] });
    expectParsed('(速報値) 81.7%', { value: 81.7, unit: '%', qualifiers: ['preliminary'] });
    expectParsed('80.2% (速報)', { value: 80.2, unit: '%', qualifiers: ['preliminary'] });
    expectParsed('速報値 80.2%', { value: 80.2, unit: '%', qualifiers: ['preliminary'] });
  });

  it('reads 年間 in brackets as annual', () => {
    expectParsed('11,000人 (年間)', { value: 11000, unit: '人', qualifiers: ['annual'] });
  });
});

describe('parseValue: years and periods', () => {
  it('reads a year in parentheses after the figure', () => {
    expectParsed('18,165人 (R2)', { value: 18165, unit: '人', period: fy(2020) });
    expectParsed('17,891人 (H27)', { value: 17891, unit: '人', period: fy(2015) });
    expectParsed('1.28 (R4)', { value: 1.28, period: fy(2022) });
    expectParsed('144人 (平成30年度)', { value: 144, unit: '人', period: fy(2018) });
    expectParsed('30件 (H30年度)', { value: 30, unit: '件', period: fy(2018) });
  });

  it('reads a western year alone in brackets after the figure as its fiscal year', () => {
    expectParsed('186（2024）', { value: 186, period: fy(2024) });
    expectParsed('7,543人(2019)', { value: 7543, unit: '人', period: fy(2019) });
    // Not a year: a small number, or a number with a unit, stays a note.
    expect(parseValue('100（12）')).toMatchObject({ value: 100, period: null, note: '12' });
    expect(parseValue('100（2024人）').period).toBeNull();
  });

  it('keeps the calendar basis of 年 without 度', () => {
    expectParsed('11,942億円 (平成30年)', { value: 1194200000000, unit: '円', period: cal(2018) });
    expectParsed('1,465件 (令和元年)', { value: 1465, unit: '件', period: cal(2019) });
    expectParsed('28,000人 (2022年)', { value: 28000, unit: '人', period: cal(2022) });
  });

  it('reads a year written before the figure', () => {
    expectParsed('R5: 80%', { value: 80, unit: '%', period: fy(2023) });
    expectParsed('R5:80%', { value: 80, unit: '%', period: fy(2023) });
    expectParsed('令和元年度 42人', { value: 42, unit: '人', period: fy(2019) });
    expectParsed('2024年度 100人', { value: 100, unit: '人', period: fy(2024) });
  });

  it('reads a target year that is not the end of the period', () => {
    expectParsed('100%(R9)', { value: 100, unit: '%', period: fy(2027) });
  });

  it('reads ranges and cumulative markers', () => {
    expectParsed('2,010人(R2～R6の累計)', {
      value: 2010,
      unit: '人',
      period: fy(2020, 2024),
      qualifiers: ['cumulative'],
    });
    expectParsed('12人(～R3)', { value: 12, unit: '人', period: fy(null, 2021) });
    expectParsed('45件(R3～累計)', {
      value: 45,
      unit: '件',
      period: fy(2021, null),
      qualifiers: ['cumulative'],
    });
    expectParsed('1,070人 (H27～R1)', { value: 1070, unit: '人', period: fy(2015, 2019) });
    expectParsed('299人 (R1~R5)', { value: 299, unit: '人', period: fy(2019, 2023) });
    expectParsed('397件 (R4年度までの累計)', {
      value: 397,
      unit: '件',
      period: fy(null, 2022),
      qualifiers: ['cumulative'],
    });
    expectParsed('438件(～R11)', { value: 438, unit: '件', period: fy(null, 2029) });
    expectParsed('55人(累計)', { value: 55, unit: '人', qualifiers: ['cumulative'] });
    expectParsed('参加者数 【累計】 49,300人', {
      value: 49300,
      unit: '人',
      qualifiers: ['cumulative'],
      note: '参加者数',
    });
  });

  it('reads nested brackets in a cumulative range', () => {
    expectParsed('+1,080人(R2～R6(推計値)の累計)', {
      value: 1080,
      unit: '人',
      period: fy(2020, 2024),
      qualifiers: ['estimated', 'cumulative'],
    });
  });

  it('reads a range given as western and era years with 年', () => {
    const v = parseValue('+1,520人 (2020R2～2024R6年)');
    expect(v.value).toBe(1520);
    expect(v.period).toEqual(cal(2020, 2024));
  });

  it('reads an as-of date as the fiscal year it falls in', () => {
    expectParsed('80% (R6.4現在)', { value: 80, unit: '%', period: fy(2024, 2024, '2024-04') });
    expectParsed('80% (R6.3現在)', { value: 80, unit: '%', period: fy(2023, 2023, '2024-03') });
    expectParsed('H31.4.1で40人 (年度内最大61人)', {
      value: 40,
      unit: '人',
      period: fy(2019, 2019, '2019-04-01'),
      note: '年度内最大61人',
    });
  });

  it('lets a year written in the cell win over the default period', () => {
    const def = fy(2023);
    expectParsed('100人', { value: 100, unit: '人', period: def }, { defaultPeriod: def });
    expectParsed('100人 (R2)', { value: 100, unit: '人', period: fy(2020) }, { defaultPeriod: def });
    expectParsed('-', { kind: 'missing', period: def }, { defaultPeriod: def });
  });

  it('does not share the default period object with the result', () => {
    const def = fy(2023);
    const v = parseValue('1人', { defaultPeriod: def });
    expect(v.period).not.toBe(def);
  });

  it('keeps a survey year and drops the word 調査', () => {
    expectParsed('81.7%(R3 調査)', { value: 81.7, unit: '%', period: fy(2021) });
    expectParsed('80.6%(R7調査)', { value: 80.6, unit: '%', period: fy(2025) });
  });
});

describe('parseValue: notes', () => {
  it('keeps ※ notes and notes in parentheses', () => {
    expectParsed('28人 ※関連事業参加者', { value: 28, unit: '人', note: '関連事業参加者' });
    expectParsed('46人(年3人)', { value: 46, unit: '人', note: '年3人' });
    expectParsed('366日 (閏年)', { value: 366, unit: '日', note: '閏年' });
    expectParsed('11件(23.4%)', { value: 11, unit: '件', note: '23.4%' });
    expectParsed('0回 (新型コロナウイルスの影響)', {
      value: 0,
      unit: '回',
      note: '新型コロナウイルスの影響',
    });
    expectParsed('3.0点 (小学校:2.9点 中学校:3.1点)', {
      value: 3,
      unit: '点',
      note: '小学校:2.9点 中学校:3.1点',
    });
  });

  it('keeps list commas in the words before a figure', () => {
    expectParsed('学生、社会人向けの説明会 3回/年', {
      value: 3,
      unit: '回/年',
      note: '学生、社会人向けの説明会',
    });
  });

  it('keeps the words before a single figure as its note', () => {
    expectParsed('本市の観光客数 1,616,000人/年', { value: 1616000, unit: '人/年', note: '本市の観光客数' });
    expectParsed('延べ宿泊者数 ⇒ 2,000人', { value: 2000, unit: '人', note: '延べ宿泊者数' });
  });

  it('tolerates HTML leftovers', () => {
    expectParsed('<p>延べ宿泊者数 ⇒ 2,000人</p>', { value: 2000, unit: '人', note: '延べ宿泊者数' });
    expectParsed('1,204人<br>(R2)', { value: 1204, unit: '人', period: fy(2020) });
    expectParsed('1&nbsp;人', { value: 1, unit: '人' });
  });
});

describe('parseValue: pending, missing, zero', () => {
  it('reads 公表予定 as pending with the expected month', () => {
    expectParsed('令和5年9月 公表予定', {
      kind: 'pending',
      period: fy(null, null, '2023-09'),
      note: '令和5年9月 公表予定',
    });
    expectParsed('令和4年9月 公表予定', {
      kind: 'pending',
      period: fy(null, null, '2022-09'),
      note: '令和4年9月 公表予定',
    });
  });

  it('keeps the column year on a pending figure and adds the date', () => {
    const v = parseValue('令和4年10月 公表予定', { defaultPeriod: cal(2021) });
    expect(v.kind).toBe('pending');
    expect(v.period).toEqual({ from: 2021, to: 2021, basis: 'calendar', date: '2022-10' });
  });

  it.each(['', ' ', '-', '—', '－', '―', 'ー', '--', '　', '<br>'])('reads %j as no value', (text) => {
    expectParsed(text, { kind: 'missing' });
  });

  it.each(['未把握', '未実施', '未集計', '調査なし', 'イベント未実施により未把握', '該当なし', 'N/A'])(
    'reads %s as not measured, the reason in the note',
    (text) => {
      expectParsed(text, { kind: 'missing', note: text });
    },
  );

  it('reads a countable noun with なし as zero', () => {
    expectParsed('待機児童なし', { value: 0, note: '待機児童なし' });
    expectParsed('待機児童なし (R5)', { value: 0, period: fy(2023), note: '待機児童なし' });
  });

  it('does not read comment text with なし as zero', () => {
    expect(parseValue('①なし').kind).toBe('text');
    expect(parseValue('①なし ②なし ③なし').kind).toBe('text');
    expect(parseValue('なし').kind).toBe('text');
    expect(parseValue('特になし').kind).toBe('text');
    expect(parseValue('変更なし').kind).toBe('text');
  });
});

describe('parseValue: several labelled figures', () => {
  it('reads labelled parts', () => {
    expectParsed('男性78.1歳 女性80.5歳', {
      kind: 'multi',
      unit: '歳',
      parts: [
        { label: '男性', value: 78.1, unit: '歳' },
        { label: '女性', value: 80.5, unit: '歳' },
      ],
    });
    expectParsed('小学校90.1% 中学校84.0%', {
      kind: 'multi',
      unit: '%',
      parts: [
        { label: '小学校', value: 90.1, unit: '%' },
        { label: '中学校', value: 84, unit: '%' },
      ],
    });
  });

  it('reads labels with colons, list commas and circled numbers', () => {
    expectParsed('寄附金額: 98億円 新規事業者数: 43事業者', {
      kind: 'multi',
      parts: [
        { label: '寄附金額', value: 9800000000, unit: '円' },
        { label: '新規事業者数', value: 43, unit: '事業者' },
      ],
    });
    expectParsed('短期入所:4人、夜間養護等:4人', {
      kind: 'multi',
      unit: '人',
      parts: [
        { label: '短期入所', value: 4, unit: '人' },
        { label: '夜間養護等', value: 4, unit: '人' },
      ],
    });
    expectParsed('① 42社 ② 0社', {
      kind: 'multi',
      unit: '社',
      parts: [
        { label: '①', value: 42, unit: '社' },
        { label: '②', value: 0, unit: '社' },
      ],
    });
  });

  it('keeps a common year on the parts', () => {
    const v = parseValue('男性77.51歳 女性80.04歳 (R2)');
    expect(v.kind).toBe('multi');
    expect(v.period).toEqual(fy(2020));
  });

  it('labels parts by their own years', () => {
    const v = parseValue('R5:100人 R6:120人');
    expect(v.kind).toBe('multi');
    expect(v.parts).toEqual([
      { label: 'R5', value: 100, unit: '人' },
      { label: 'R6', value: 120, unit: '人' },
    ]);
    expect(v.period).toBeNull();
  });

  it('does not make parts of unlabelled numbers', () => {
    expect(parseValue('36事業/39事業(92.3%)').kind).toBe('text');
    expect(parseValue('251人 9,806人').kind).toBe('text');
  });
});

describe('parseValue: text', () => {
  it.each([
    '全小学校で実施',
    '全中学校区において1校以上の小学校で実施',
    '0〜4歳の人口',
    '1-1 安定した雇用の創出',
    '2(1)へ移動',
    '第2期',
    '①なし ②景気の減速に伴い減少の可能性がある。',
    '基本目標3',
    '施策大項目2(1)',
    '資料4',
    '端末の1日当たりの使用回数 5回',
    '窓口を開設する。 年間10日間開院。',
    '会議を開き、中止も含めて検討する。',
    '案内ページP22、P27～P37',
  ])('keeps %s as text', (text) => {
    const v = parseValue(text);
    expect(v.kind).toBe('text');
    expect(v.value).toBeNull();
    expect(v.raw).toBe(text);
  });

  it('keeps the year of a text cell', () => {
    expect(parseValue('(H27)').period).toEqual(fy(2015));
    expect(parseValue('R3～累計')).toMatchObject({
      kind: 'text',
      period: fy(2021, null),
      qualifiers: ['cumulative'],
    });
    expect(parseValue('全小学校で実施 (R6)')).toMatchObject({ kind: 'text', period: fy(2024) });
  });
});

describe('parseValue: unit hint', () => {
  it('gives a unit to figures written without one, applying its scale word', () => {
    expectParsed('2,500', { value: 2500000, unit: '円' }, { unitHint: '千円' });
    expectParsed('1.1', { value: 1100, unit: '円' }, { unitHint: '(単位:千円)' });
    expectParsed('95.6', { value: 95.6, unit: '%' }, { unitHint: '%' });
  });

  it('does not override a unit written in the cell', () => {
    expectParsed('30件', { value: 30, unit: '件' }, { unitHint: '千人' });
  });
});

describe('parseValue: output contract', () => {
  it('returns the keys in the contract order', () => {
    expect(Object.keys(parseValue('18,165人 (R2)'))).toEqual([
      'kind',
      'value',
      'unit',
      'period',
      'parts',
      'qualifiers',
      'note',
      'raw',
    ]);
  });

  it('never throws on non-string input and keeps a string raw', () => {
    expect(parseValue(undefined as unknown as string).kind).toBe('missing');
    expect(parseValue(12 as unknown as string)).toMatchObject({ kind: 'number', value: 12, raw: '12' });
  });
});

/** Characters that exercise the scanner: digits, signs, brackets, eras, units, scale words. */
const scannerAlphabet = [
  ...'0123456789０１２,.，．-−ー△▲+~～〜()（）[]【】:：、 　※/・%％',
  ...'RHSTM令和平成年度月日元千万億兆百人件円歳gmt³₂COkmh',
  ...'約累計速報値以上未満なし公表予定未把握の<>br&nbsp;',
  '令和',
  '平成',
  'R5',
  'H27',
  '(R2～R6の累計)',
  '1,234',
  '<br>',
];
const scannerText = fc
  .array(fc.constantFrom(...scannerAlphabet), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('parseValue: properties', () => {
  it('never throws and always returns a valid value with the exact raw text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), scannerText), (text) => {
        const v = parseValue(text);
        expect(v.raw).toBe(text);
        expect(parsedValueSchema.safeParse(v).success).toBe(true);
        if (v.kind === 'number') expect(Number.isFinite(v.value)).toBe(true);
        if (v.kind !== 'number') expect(v.value).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on long strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 5000 }), (text) => {
        expect(parseValue(text).raw).toBe(text);
      }),
      { numRuns: 30 },
    );
  });

  it('does work linear in the length of the input (step counter)', () => {
    fc.assert(
      fc.property(scannerText, fc.integer({ min: 1, max: 400 }), (unit, times) => {
        const stats = { steps: 0 };
        const text = unit.repeat(times);
        parseValue(text, { stats });
        expect(stats.steps).toBeLessThanOrEqual(40 * (text.length + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('reads 100,000-character pathological inputs with linear work', () => {
    const patterns = [
      '(',
      '((((()',
      '1,',
      '1,000',
      'R',
      'R5~',
      '令和',
      '△',
      'ー1',
      '<b',
      '&',
      '約',
      '1万',
      '1.2.',
      'm ³ /',
      'なし',
      '※',
      'H31.4.',
      '【累計】',
      'a1',
    ];
    for (const p of patterns) {
      const steps = (n: number) => {
        const stats = { steps: 0 };
        const text = p.repeat(Math.ceil(n / p.length)).slice(0, n);
        const v = parseValue(text, { stats });
        expect(v.raw).toBe(text);
        return stats.steps;
      };
      const small = steps(10_000);
      const large = steps(100_000);
      expect(large, p).toBeLessThanOrEqual(40 * 100_001);
      // Ten times the input, about ten times the work (never quadratic).
      expect(large, p).toBeLessThanOrEqual(12 * small + 100);
    }
  });
});
