import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'sousei-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

async function run(args: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const code = await main(['evaluate', ...args], { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

// A synthetic document in the minimal shape (figures in the style of a municipal KPI table).
const minimal = {
  indicators: [
    {
      id: 'k1',
      name: '新規求人数',
      unit: '件',
      baseline: { value: 1563, fiscalYear: 2019 },
      target: { value: 1602, fiscalYear: 2024 },
      actuals: [
        { fiscalYear: 2020, value: 1208 },
        { fiscalYear: 2021, value: 1320 },
      ],
    },
    {
      id: 'k2',
      name: '創業相談件数',
      unit: '件',
      direction: 'increase',
      baseline: { value: 10, fiscalYear: 2019 },
      target: { value: 14, fiscalYear: 2024 },
      actuals: [
        { fiscalYear: 2020, value: 11 },
        { fiscalYear: 2021, value: 20 },
      ],
    },
    {
      id: 'k3',
      name: '市民の割合',
      unit: '%',
      baseline: { value: 70, fiscalYear: 2019 },
      target: { value: 80, fiscalYear: 2024 },
      actuals: [{ fiscalYear: 2020, value: 72.5 }],
    },
    {
      id: 'k4',
      name: '参加者数',
      unit: '人',
      baseline: { value: 100, fiscalYear: 2019 },
      target: { value: 150, fiscalYear: 2024 },
      actuals: [],
    },
  ],
};

describe('sousei evaluate', () => {
  it('evaluates the minimal shape with the 標準 scheme and prints JSON with sentences', async () => {
    const r = await run([file('minimal.json', minimal)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.scheme.id).toBe('standard');
    expect(out.scheme.name).toBe('標準');
    expect(out.asOf).toBe(2021);
    expect(out.indicators.map((i: { status: { label: string } }) => i.status.label)).toEqual([
      '遅れ',
      '目標達成',
      '順調',
      '評価不能',
    ]);
    const [k1] = out.indicators;
    expect(k1).toMatchObject({ id: 'k1', name: '新規求人数', status: { key: 'behind', color: '#b2182b' } });
    expect(k1.metrics.achievement).toBeCloseTo(-243 / 39, 10);
    expect(k1.metrics.elapsedShare).toBe(0.4);
    expect(k1.explanation.text).toContain(
      '基準値 1,563件 (2019) から目標値 1,602件 (2024) に対し、2021年度実績 1,320件。達成度 -623.1%、経過期間 40% に対する進捗 -1,557.7% のため『遅れ』。',
    );
    expect(k1.explanation.rule).toMatchObject({ index: 4, label: '遅れ' });
    expect(out.summary.overall.lines).toEqual([
      '目標達成 1件(25.0%)',
      '順調 1件(25.0%)',
      '概ね順調 0件(0.0%)',
      '遅れ 1件(25.0%)',
      '評価不能 1件(25.0%)',
      '合計 4件(100%)',
    ]);
  });

  it('uses only actuals up to --as-of, given as a year or era text', async () => {
    const path = file('asof.json', minimal);
    const a = JSON.parse((await run([path, '--as-of', '2020'])).stdout);
    const b = JSON.parse((await run([path, '--as-of', 'R2'])).stdout);
    const c = JSON.parse((await run([path, '--as-of', '令和2'])).stdout);
    expect(a.asOf).toBe(2020);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.indicators[0].explanation.actual.fiscalYear).toBe(2020);
    expect(a.indicators[1].status.label).toBe('順調'); // 11 of 10 → 14 after 20% of the period
  });

  it('accepts --scheme by id or Japanese name', async () => {
    const path = file('scheme.json', minimal);
    const byId = JSON.parse((await run([path, '--scheme', 'pace'])).stdout);
    const byName = JSON.parse((await run([path, '--scheme', 'ペース型'])).stdout);
    expect(byId).toEqual(byName);
    expect(byId.scheme.id).toBe('pace');
    expect(byId.indicators.map((i: { status: { label: string } }) => i.status.label)).toEqual([
      '改善必要',
      '着実',
      '着実',
      '評価不能',
    ]);
    const national = JSON.parse((await run([path, '--scheme', '国・成長戦略型'])).stdout);
    expect(national.indicators.map((i: { status: { label: string } }) => i.status.label)).toEqual([
      'B',
      'A',
      'A',
      'N',
    ]);
  });

  it('accepts a scheme JSON file and overrides', async () => {
    const scheme = file('my-scheme.json', {
      id: 'mine',
      name: '独自',
      description: 'pace ≥ 50% is fine',
      rules: [
        { when: { metric: 'pace', op: '>=', value: 0.5 }, key: 'ok', label: '良', color: '#1b7837' },
        { when: { always: true }, key: 'ng', label: '否', color: '#b2182b' },
      ],
      fallback: { key: 'na', label: '－', color: '#6b6b6b' },
    });
    const overrides = file('overrides.json', [
      { indicatorId: 'k1', label: '良', reason: '景気の影響', by: '企画課', at: '2022-06-01' },
    ]);
    const r = await run([file('m2.json', minimal), '--scheme', scheme, '--overrides', overrides]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.scheme.id).toBe('mine');
    expect(out.indicators[0].computed.label).toBe('否');
    expect(out.indicators[0].effective).toMatchObject({ label: '良', source: 'override' });
    expect(out.indicators[0].override.reason).toBe('景気の影響');
  });

  it('takes the city’s published statuses as judgements of record, unless the overrides judge that year', async () => {
    const judged = structuredClone(minimal) as { indicators: Record<string, unknown>[] };
    judged.indicators[0]!.reportedStatus = {
      label: '概ね順調に進捗',
      fiscalYear: 2021,
      raw: '概ね順調に進捗',
    };
    judged.indicators[1]!.reportedStatus = { label: '順調に進捗', fiscalYear: 2021, raw: '順調に進捗' };
    const r = await run([file('judged.json', judged)]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.indicators[0].effective).toMatchObject({ label: '概ね順調に進捗', source: 'override' });
    expect(out.indicators[0].override).toMatchObject({ source: 'import', fiscalYear: 2021 });
    expect(out.indicators[0].computed.source).toBe('computed');
    expect(out.indicators[2].override).toBeNull();
    // A given judgement of k1 (every year) stands over the imported one; k2 keeps the city's.
    const overrides = file('o2.json', [
      { indicatorId: 'k1', label: '遅れ', reason: '見直し', by: '企画課', at: '2022-06-01' },
    ]);
    const again = JSON.parse((await run([file('judged2.json', judged), '--overrides', overrides])).stdout);
    expect(again.indicators[0].effective.label).toBe('遅れ');
    expect(again.indicators[0].override.reason).toBe('見直し');
    expect(again.indicators[1].effective.label).toBe('順調に進捗');
  });

  it('reads the document from stdin with -', async () => {
    const r = await run(['-'], JSON.stringify(minimal));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).indicators).toHaveLength(4);
  });

  it('exits 2 naming the file, the JSON path and what is expected for an invalid field', async () => {
    const bad = structuredClone(minimal) as { indicators: Record<string, unknown>[] };
    (bad.indicators[0] as { baseline: { value: unknown } }).baseline.value = '1,563件';
    const path = file('bad.json', bad);
    const r = await run([path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(path);
    expect(r.stderr).toContain('indicators[0].baseline.value');
    expect(r.stderr).toContain('数値が必要です');
    expect(r.stderr).toMatch(/expected number/);
  });

  it('exits 2 naming a missing required field', async () => {
    const r = await run([file('noid.json', { indicators: [{ name: 'x' }] })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('indicators[0].id');
    expect(r.stderr).toContain('必須項目がありません');
  });

  it('exits 2 with the line and column of broken JSON', async () => {
    const path = file('broken.json', '{\n  "indicators": [\n    { "id": "k1", }\n  ]\n}\n');
    const r = await run([path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(/3行 \d+列/);
    expect(r.stderr).toMatch(/line 3, column \d+/);
  });

  it('exits 2 for a missing file, an unknown scheme or a bad --as-of', async () => {
    const missing = await run([join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json');
    const path = file('ok.json', minimal);
    const scheme = await run([path, '--scheme', 'nope']);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain('standard (標準)');
    const asOf = await run([path, '--as-of', 'soon']);
    expect(asOf.code).toBe(2);
    expect(asOf.stderr).toContain('--as-of');
    const none = await run([]);
    expect(none.code).toBe(2);
  });
});
