import type { Ctx } from './context.ts';
import { entityById } from './entities.ts';

/**
 * Splits the yearly texts of 実績・予定 rows into result and plan: the years up to the latest
 * year any dated actual of the document's project sheets names (`R2:13件`) are results, the later
 * ones plans. Without a dated actual the texts stay plans (nothing is guessed).
 *
 * @example // 設定指標 実績 … R2:13件 → 令和2年度 of every 実績・予定 row is a result, 令和3年度 on plans
 */
export function splitPlanResults(ctx: Ctx): void {
  if (!ctx.combinedYears?.size) return;
  let asOf: number | null = null;
  for (const ind of ctx.indicators) {
    if (ind.owner?.type !== 'project') continue;
    for (const a of ind.actuals)
      if (a.fiscalYear != null && (asOf == null || a.fiscalYear > asOf)) asOf = a.fiscalYear;
  }
  if (asOf == null) return;
  for (const id of ctx.combinedYears) {
    const project = entityById(ctx, 'projects', id);
    for (const y of project?.years ?? [])
      if (y.fiscalYear <= asOf && y.plan && !y.result) {
        y.result = y.plan;
        y.plan = null;
      }
  }
}

/**
 * A project's 担当課 from its 事業主体 when no department column names one: the bodies that are a
 * division of the municipality (`…課`, `…室`, also written `市 (…課)`); other bodies (associations,
 * committees) stay bodies only.
 *
 * @example // bodies ['伊万里市 (農業振興課)', 'JA'] → departments ['農業振興課']
 */
export function projectDepartments(ctx: Ctx): void {
  for (const p of ctx.projects) {
    if (p.departments?.length || !p.bodies?.length) continue;
    const found = p.bodies
      .map((b) => /[(（]\s*([^()（）]+?[課室])\s*[)）]\s*$/u.exec(b)?.[1] ?? b)
      .map((b) => b.trim())
      .filter((b) => /[課室]$/u.test(b) && b.length <= 20 && !/[\s、,]/u.test(b));
    if (found.length > 0) p.departments = [...new Set(found)];
  }
}
