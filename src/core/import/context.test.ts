import { describe, expect, it } from 'vitest';
import type { Indicator } from '../interchange.ts';
import { createContext } from './context.ts';
import {
  ensureGoal,
  ensureMeasure,
  ensureTag,
  entityById,
  findProjectByName,
  indicatorsNamed,
  lineageOf,
  projectByCode,
} from './entities.ts';

function indicator(id: string, name: string, role: Indicator['role'] = 'kpi'): Indicator {
  return { id, name, role, owner: null, strategyId: 's', baseline: null, target: null, actuals: [] };
}

describe('context lookups', () => {
  it('finds a goal by code and a measure by goal, parent and normalized name, across later additions', () => {
    const ctx = createContext();
    const g1 = ensureGoal(ctx, '1-1 安定した雇用', 1, 1);
    const m1 = ensureMeasure(ctx, '①地域産業の活性化', 1, 2, g1.id, null);
    const g2 = ensureGoal(ctx, '1-2 ひとの流れ', 5, 1);
    const m2 = ensureMeasure(ctx, '①地域産業の活性化', 5, 2, g2.id, null);
    expect(m2).not.toBe(m1);
    expect(ensureGoal(ctx, '1-1 安定した雇用の創出', 9, 1)).toBe(g1);
    expect(ensureGoal(ctx, '雇用', 9, 1, '1-2')).toBe(g2);
    expect(ensureMeasure(ctx, '② 地域産業の 活性化', 9, 2, g1.id, null)).toBe(m1);
    expect(ensureMeasure(ctx, '地域産業の活性化', 9, 2, g1.id, m1.id)).not.toBe(m1);
    expect(ctx.measures).toHaveLength(3);
  });

  it('finds projects by code (first one wins) and by name', () => {
    const ctx = createContext();
    const prov = { file: 'a.csv', sheet: null, row: 1, column: 1 };
    ctx.projects.push({ id: 'p1', code: '1', name: '保育事業', provenance: prov });
    expect(projectByCode(ctx, '1')?.id).toBe('p1');
    ctx.projects.push({ id: 'p2', code: '1', name: '子育て 支援', provenance: prov });
    ctx.projects.push({ id: 'p3', code: '2', name: '観光振興事業', provenance: prov });
    expect(projectByCode(ctx, '1')?.id).toBe('p1');
    expect(projectByCode(ctx, '1', '子育て支援')?.id).toBe('p2');
    expect(projectByCode(ctx, '2', '保育事業')).toBeNull();
    expect(projectByCode(ctx, '3')).toBeNull();
    expect(findProjectByName(ctx, '観光振興')?.id).toBe('p3');
    expect(findProjectByName(ctx, '道路整備')).toBeNull();
  });

  it('finds indicators by role and normalized name, and lineage requests by indicator', () => {
    const ctx = createContext();
    ctx.indicators.push(indicator('i1', '新規求人数'));
    expect(indicatorsNamed(ctx, 'kpi', '新規 求人数').map((i) => i.id)).toEqual(['i1']);
    ctx.indicators.push(indicator('i2', '新規求人数', 'numeric_target'), indicator('i3', '新規求人数'));
    expect(indicatorsNamed(ctx, 'kpi', '新規求人数').map((i) => i.id)).toEqual(['i1', 'i3']);
    expect(indicatorsNamed(ctx, 'numeric_target', '新規求人数').map((i) => i.id)).toEqual(['i2']);
    expect(lineageOf(ctx, 'i3')).toBeUndefined();
    ctx.lineage.push({ indicatorId: 'i3', generation: 3, marker: null, sameRowOldId: null, measureId: null });
    expect(lineageOf(ctx, 'i3')?.generation).toBe(3);
  });

  it('keeps one tag set per normalized name', () => {
    const ctx = createContext();
    const a = ensureTag(ctx, '新たな視点', '1', 'デジタル');
    const b = ensureTag(ctx, '新たな 視点', '2');
    expect(b.setId).toBe(a.setId);
    expect(ctx.tagSets).toHaveLength(1);
    expect(ctx.tagSets[0]!.tags.map((t) => t.name)).toEqual(['デジタル', '2']);
  });

  it('finds goals, measures and projects by id, including ones added after a lookup', () => {
    const ctx = createContext();
    const g = ensureGoal(ctx, '1 しごと', 1, 1);
    expect(entityById(ctx, 'goals', g.id)).toBe(g);
    const m = ensureMeasure(ctx, '①雇用', 2, 1, g.id, null);
    expect(entityById(ctx, 'measures', m.id)).toBe(m);
    expect(entityById(ctx, 'projects', m.id)).toBeUndefined();
    const prov = { file: 'a.csv', sheet: null, row: 3, column: 1 };
    ctx.projects.push({ id: 'project-1', code: null, name: '保育事業', provenance: prov });
    expect(entityById(ctx, 'projects', 'project-1')?.name).toBe('保育事業');
    expect(entityById(ctx, 'goals', 'project-1')).toBeUndefined();
  });
});
