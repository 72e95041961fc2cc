import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR, referenceDocuments } from '../../test/optional.ts';
import { formatValue } from './format-value.ts';
import { parseValue } from './parse-value.ts';
import { parsedValueSchema } from './parsed-value.ts';

// ../shared/fixtures/reference/ from the repository root (read-only; may be absent, except in CI).
const dir = REFERENCE_DIR;
const present = referenceDocuments();

function cells(): string[] {
  const out = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    for (const line of readFileSync(dir + file, 'utf8').split('\n')) {
      for (const cell of line.split('\t')) {
        const c = cell.trim();
        if (c.length > 0 && c.length <= 80) out.add(c);
      }
    }
  }
  return [...out];
}

describe.skipIf(!present)('parseValue on the reference documents', () => {
  const all = present ? cells() : [];

  it('reads every cell without throwing, keeping the raw text', () => {
    expect(all.length).toBeGreaterThan(500);
    for (const c of all) {
      const v = parseValue(c);
      expect(v.raw).toBe(c);
      expect(parsedValueSchema.safeParse(v).success).toBe(true);
    }
  });

  it('reads cells that are a number with a unit as numbers', () => {
    // Cells made only of digits, separators and one short unit word, as written in KPI tables.
    const simple = all.filter((c) => /^[0-9][0-9,]*(?:\.[0-9]+)?[%人件円回社基区日点]$/.test(c));
    expect(simple.length).toBeGreaterThan(50);
    for (const c of simple) {
      const v = parseValue(c);
      expect(v.kind, c).toBe('number');
      expect(v.value, c).toBe(Number(c.slice(0, -1).replaceAll(',', '')));
    }
  });

  it('reads negative figures, pending figures and years', () => {
    const negative = all.filter((c) => c.startsWith('△'));
    expect(negative.length).toBeGreaterThan(0);
    for (const c of negative) expect(parseValue(c).value, c).toBeLessThan(0);

    const pending = all.filter((c) => c.endsWith('公表予定') && c.length < 20);
    expect(pending.length).toBeGreaterThan(0);
    for (const c of pending) {
      const v = parseValue(c);
      expect(v.kind, c).toBe('pending');
      expect(v.period?.date, c).toMatch(/^\d{4}-\d{2}$/);
    }

    const withYear = all.filter((c) => /^[0-9][0-9,.]*[^\s(]* \((?:R|H)[0-9]+\)$/.test(c));
    expect(withYear.length).toBeGreaterThan(0);
    for (const c of withYear) {
      const v = parseValue(c);
      expect(v.kind, c).toBe('number');
      expect(v.period?.from, c).toBeGreaterThan(1988);
    }
  });

  it('writes every parsed number back to text that reads the same', () => {
    for (const c of all) {
      const v = parseValue(c);
      if (v.kind !== 'number') continue;
      const back = parseValue(formatValue(v));
      expect(back.value, c).toBe(v.value);
      expect(back.unit, c).toBe(v.unit);
    }
  });
});
