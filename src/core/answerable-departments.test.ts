import { describe, expect, it } from 'vitest';
import {
  answerableDepartments,
  indicatorDepartments,
  withAnswerableDepartments,
} from './answerable-departments.ts';
import type { StrategyDocument } from './interchange.ts';

describe('answerableDepartments', () => {
  it('takes the indicator’s own departments when it has any, even if its project has others', () => {
    expect(answerableDepartments(['企画政策課', '財政課'], ['商工観光課'])).toEqual(['企画政策課', '財政課']);
  });

  it('falls back to the project’s departments, in order and without duplicates', () => {
    expect(answerableDepartments([], ['商工観光課', '農林課', '商工観光課'])).toEqual([
      '商工観光課',
      '農林課',
    ]);
  });

  it('answers none when neither has a department, or the indicator belongs to no project', () => {
    expect(answerableDepartments([], [])).toEqual([]);
    expect(answerableDepartments([], null)).toEqual([]);
    expect(answerableDepartments([], undefined)).toEqual([]);
  });

  it('tells objects apart by the key given', () => {
    const d1 = { id: 'd1', name: '商工観光課' };
    expect(answerableDepartments([], [d1, { ...d1 }], (d) => d.id)).toEqual([d1]);
  });

  it('returns a new list (callers may change it)', () => {
    const own = ['企画政策課'];
    const out = answerableDepartments(own, []);
    out.push('x');
    expect(own).toEqual(['企画政策課']);
  });
});

describe('indicatorDepartments (a document)', () => {
  it('applies the rule to every indicator: own, else its project’s, else none', () => {
    const doc = {
      projects: [{ id: 'p1', name: '観光振興事業', departments: ['商工観光課'] }],
      indicators: [
        { id: 'k1', name: '観光客数', departments: ['企画政策課'], owner: { type: 'project', id: 'p1' } },
        { id: 'k2', name: '宿泊者数', owner: { type: 'project', id: 'p1' } },
        { id: 'k3', name: '転入者数', departments: [], owner: { type: 'measure', id: 'm1' } },
      ],
    } as unknown as StrategyDocument;
    const d = indicatorDepartments(doc);
    expect(d.get('k1')).toEqual(['企画政策課']);
    expect(d.get('k2')).toEqual(['商工観光課']);
    expect(d.get('k3')).toEqual([]);
  });
});

describe('withAnswerableDepartments (the document evaluations and documents read)', () => {
  const doc = {
    projects: [{ id: 'p1', name: '観光振興事業', departments: ['商工観光課'] }],
    indicators: [
      { id: 'k1', name: '観光客数', departments: ['企画政策課'], owner: { type: 'project', id: 'p1' } },
      { id: 'k2', name: '宿泊者数', owner: { type: 'project', id: 'p1' } },
      { id: 'k3', name: '転入者数', departments: [], owner: { type: 'measure', id: 'm1' } },
    ],
  } as unknown as StrategyDocument;

  it('gives an indicator without departments its project’s, and leaves the others as they are', () => {
    const read = withAnswerableDepartments(doc);
    expect(read.indicators.map((i) => i.departments ?? [])).toEqual([['企画政策課'], ['商工観光課'], []]);
    expect(read.indicators[0]).toBe(doc.indicators[0]);
    expect(read.indicators[2]).toBe(doc.indicators[2]);
    // the stored document is not changed
    expect(doc.indicators[1]!.departments).toBeUndefined();
  });

  it('returns the same document when no indicator takes its project’s', () => {
    const own = { ...doc, indicators: [doc.indicators[0]!, doc.indicators[2]!] };
    expect(withAnswerableDepartments(own)).toBe(own);
  });
});
