import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../store/db.ts';
import { systemContext } from '../context.ts';
import { importDocument } from '../import/import-document.ts';
import { demoDocument } from '../ops/demo.ts';
import { type StrategyTree, strategyTree, TreeCache, type TreeProject } from './tree.ts';

describe('strategy tree: classifications on the nodes', () => {
  let dir: string;
  let db: Db;
  let strategyId: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sousei-tree-'));
    db = await openDb({ sqlite: { file: join(dir, 'tree.db') } });
    const doc = demoDocument();
    // One indicator carries its own tag; projects carry tags, SDGs and priority from the demo.
    doc.indicators[0]!.tags = [{ set: '新たな視点', tag: 'グリーン' }];
    const r = await importDocument(db.db, systemContext(), doc, { source: 'test' });
    if (!r.ok) throw new Error(r.error.messageEn);
    strategyId = r.value.strategyId;
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const projectsOf = (tree: StrategyTree): TreeProject[] => {
    const out: TreeProject[] = [];
    const walk = (m: StrategyTree['goals'][number]['measures'][number]) => {
      out.push(...m.projects);
      m.measures.forEach(walk);
    };
    for (const g of tree.goals) g.measures.forEach(walk);
    return out;
  };

  it('gives projects their tags, SDGs and 重点, indicators their own tags, and omits empty ones', async () => {
    const doc = demoDocument();
    const r = await strategyTree(db.db, systemContext(), strategyId, {}, null);
    if (!r.ok) throw new Error(r.error.messageEn);
    const tree = JSON.parse(r.value.json.toString('utf8')) as StrategyTree;
    const projects = projectsOf(tree);
    expect(projects.length).toBe(doc.projects.length);
    for (const src of doc.projects) {
      const node = projects.find((p) => p.name === src.name)!;
      expect(node.tags).toEqual(src.tags);
      expect(node.sdgs).toEqual(src.sdgs);
      expect(node.priority ?? false).toBe(src.priority ?? false);
      if (!src.priority) expect('priority' in node).toBe(false);
    }
    const all = [
      ...tree.goals.flatMap((g) => g.indicators),
      ...tree.goals.flatMap((g) => g.measures.flatMap((m) => m.indicators)),
      ...projects.flatMap((p) => p.indicators),
    ];
    const tagged = all.filter((i) => i.tags);
    expect(tagged.map((i) => i.name)).toEqual([doc.indicators[0]!.name]);
    expect(tagged[0]!.tags).toEqual([{ set: '新たな視点', tag: 'グリーン' }]);
  });

  it('lists the departments named in the tree with their ids', async () => {
    const r = await strategyTree(db.db, systemContext(), strategyId, {}, null);
    if (!r.ok) throw new Error(r.error.messageEn);
    const tree = JSON.parse(r.value.json.toString('utf8')) as StrategyTree;
    const doc = demoDocument();
    const names = new Set([...doc.indicators, ...doc.projects].flatMap((x) => x.departments ?? []));
    expect(new Set(tree.departments!.map((d) => d.name))).toEqual(names);
    const rows = await db.db.selectFrom('departments').select(['id', 'name']).execute();
    for (const d of tree.departments!) expect(rows).toContainEqual(d);
  });

  it('still serves the same serialized tree from the cache for one revision', async () => {
    const cache = new TreeCache();
    const a = await strategyTree(db.db, systemContext(), strategyId, {}, cache);
    const b = await strategyTree(db.db, systemContext(), strategyId, {}, cache);
    expect(a.ok && b.ok && a.value === b.value).toBe(true);
  });
});
