import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { withAnswerableDepartments } from '../../core/answerable-departments.ts';
import { evaluateDocument } from '../../core/evaluation/evaluate.ts';
import { type PublicStrategy, publicStrategyView } from '../../core/public/public-view.ts';
import { publishedDocument } from '../../core/public/published-document.ts';
import { paths } from '../../reports/public-site/layout.ts';
import {
  cataloguePage,
  HTML_TYPE,
  type ListedStrategy,
  type SiteFile,
  siteFiles,
  strategyFiles,
} from '../../reports/public-site/site.ts';
import { listOpinions } from '../../store/opinions.ts';
import {
  listPublishedStrategies,
  type PublishedStrategyRow,
  publicStamp,
} from '../../store/published-years.ts';
import type { Database } from '../../store/schema.ts';
import type { Executor } from '../../store/versioned.ts';
import { fail, type Outcome, ok } from '../errors.ts';
import { overridesOf, schemeOf } from '../figures/evaluation.ts';
import { loadStrategy } from '../strategy/strategy-document.ts';

export type { PublicStrategy, PublishedStrategyRow };

/**
 * The strategies the public site lists: those with at least one published fiscal year. No
 * access check: this is what anybody may see.
 */
export async function publishedStrategies(
  db: Executor,
  strategyId?: string,
): Promise<PublishedStrategyRow[]> {
  return listPublishedStrategies(db, strategyId);
}

/** The stamp the public pages of a strategy are cached by (see publicStamp). */
export async function publicStrategyStamp(db: Executor, strategyId: string): Promise<string | null> {
  return publicStamp(db, strategyId);
}

/**
 * The public view of a strategy (read → core): the published part of the strategy document
 * (publishedDocument), judged as of the latest published year with the strategy's scheme and the
 * judgements of record of published years, the explanations of the computed statuses (never a
 * judgement's author or reason), the committee's opinions and responses of published years
 * without names, and the figures corrected after their year's publication. Null when the strategy
 * does not exist or has no published year.
 *
 * @example await publicStrategy(db, strategyId) // { name, asOf: 2024, goals: [...], indicators: [...] } | null
 */
export async function publicStrategy(
  db: Kysely<Database>,
  strategyId: string,
): Promise<PublicStrategy | null> {
  const read = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const [published] = await listPublishedStrategies(trx, strategyId);
      if (!published) return null;
      const loaded = await loadStrategy(trx, strategyId);
      if (!loaded) return null;
      const { scheme } = await schemeOf(trx, loaded.strategy.statusSchemeId);
      const overrides = await overridesOf(trx, strategyId);
      const opinions = await listOpinions(trx, { strategyId });
      return { published, loaded, scheme, overrides, opinions };
    });
  if (!read) return null;
  const { published, loaded, scheme } = read;
  const years = published.years.map((y) => y.fiscalYear);
  const yearSet = new Set(years);
  const asOf = Math.max(...years);
  // The public pages name each indicator's answerable departments (its own, else its project's).
  const doc = publishedDocument(withAnswerableDepartments(loaded.doc), years);
  const overrides = read.overrides.filter((o) => o.fiscalYear == null || yearSet.has(o.fiscalYear));
  const evaluation = evaluateDocument(doc, { asOf, scheme, overrides, text: false });
  const computed = evaluateDocument(doc, { asOf, scheme, text: true });
  const explanations = new Map(computed.results.map((r) => [r.id, r.explanation.text]));
  const publishedAt = new Map(published.years.map((y) => [y.fiscalYear, y.publishedAt]));
  const corrections = new Map<string, Map<number, string>>();
  for (const [indicatorId, rows] of loaded.actualRows)
    for (const o of rows) {
      const at = o.fiscal_year == null ? undefined : publishedAt.get(o.fiscal_year);
      if (at === undefined || o.updated_at <= at) continue;
      const m = corrections.get(indicatorId) ?? new Map<number, string>();
      m.set(o.fiscal_year as number, o.updated_at.slice(0, 10));
      corrections.set(indicatorId, m);
    }
  return publicStrategyView({
    doc,
    evaluation,
    explanations,
    scheme,
    publishedYears: published.years,
    opinions: read.opinions
      .filter((o) => yearSet.has(o.fiscalYear))
      .map((o) => ({
        fiscalYear: o.fiscalYear,
        targetType: o.targetType,
        targetId: o.targetId,
        body: o.body,
        response: o.response,
      })),
    corrections,
  });
}

/** A file of the public site as served: its bytes, media type, entity tag and gzipped bytes. */
export interface ServedFile {
  body: Buffer;
  type: string;
  etag: string;
  /** The gzipped bytes, made on first request (null: not worth it, under 1 KiB). */
  gzip(): Buffer | null;
}

function served(f: SiteFile): ServedFile {
  const body = typeof f.body === 'string' ? Buffer.from(f.body, 'utf8') : Buffer.from(f.body);
  let gz: Buffer | null | undefined;
  return {
    body,
    type: f.type,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    gzip() {
      gz ??= body.length < 1024 ? null : gzipSync(body);
      return gz;
    },
  };
}

function listed(rows: readonly PublishedStrategyRow[]): ListedStrategy[] {
  return rows.map((r) => ({
    id: r.strategyId,
    name: r.name,
    municipality: { name: r.municipalityName, code: r.municipalityCode },
    period: { from: r.periodFrom, to: r.periodTo },
    years: r.years.map((y) => y.fiscalYear),
  }));
}

/** One strategy's rendered files and the stamp they were rendered at. */
type StrategyEntry = { stamp: string; view: PublicStrategy; files: Map<string, ServedFile> };

/**
 * The public site as the server answers it, built on demand and kept per strategy until what it
 * depends on changes (see publicStamp: one cheap read per request decides). Each strategy's pages
 * and data files are rendered once per change, with their ETags, so a request costs a lookup.
 */
export class PublicSiteCache {
  readonly #strategies = new Map<
    string,
    { stamp: string; view: PublicStrategy; files: Map<string, ServedFile> }
  >();
  #site: { key: string; files: Map<string, ServedFile> } | null = null;
  readonly #building = new Map<string, Promise<StrategyEntry | null>>();
  /** Date of the last accessibility test run, shown on the statement (operator's record). */
  constructor(readonly testedOn: string | null = null) {}

  async #strategy(db: Kysely<Database>, id: string) {
    const stamp = await publicStrategyStamp(db, id);
    if (stamp == null) return null;
    const hit = this.#strategies.get(id);
    if (hit && hit.stamp === stamp) return hit;
    // Requests arriving while the strategy is being rendered wait for that one rendering.
    const key = `${id}\n${stamp}`;
    let pending = this.#building.get(key);
    if (!pending) {
      pending = (async () => {
        try {
          const view = await publicStrategy(db, id);
          if (!view) {
            this.#strategies.delete(id);
            return null;
          }
          const files = new Map([...strategyFiles(view)].map(([p, f]) => [p, served(f)]));
          const entry = { stamp, view, files };
          this.#strategies.set(id, entry);
          return entry;
        } finally {
          this.#building.delete(key);
        }
      })();
      this.#building.set(key, pending);
    }
    return pending;
  }

  /**
   * The file at a path of the site (`index.html`, `s/ID/tree.html`, `s/ID/data/strategy.csv`,
   * ...), or null. Nothing is answered for a strategy without a published year.
   */
  async file(db: Kysely<Database>, path: string): Promise<ServedFile | null> {
    const m = /^s\/([^/]+)\//.exec(path);
    const rows = await publishedStrategies(db);
    if (m) {
      if (!rows.some((r) => r.strategyId === m[1])) return null;
      const s = await this.#strategy(db, m[1]!);
      return s?.files.get(path) ?? null;
    }
    if (![paths.index, paths.catalogue, paths.accessibility, paths.style].includes(path)) return null;
    const entries = await Promise.all(rows.map((r) => this.#strategy(db, r.strategyId)));
    const key = JSON.stringify([rows, entries.map((e) => e?.stamp ?? null)]);
    if (this.#site?.key !== key) {
      const views = new Map(entries.flatMap((e) => (e ? [[e.view.id, e.view] as const] : [])));
      const files = siteFiles(listed(rows), new Map(), { testedOn: this.testedOn });
      files.set(paths.catalogue, { body: cataloguePage(listed(rows), views), type: HTML_TYPE });
      this.#site = {
        key,
        files: new Map(
          [paths.index, paths.catalogue, paths.accessibility, paths.style].map((p) => [
            p,
            served(files.get(p)!),
          ]),
        ),
      };
    }
    return this.#site.files.get(path) ?? null;
  }
}

/**
 * Every file of the public site (the static export, `sousei publish`): the same pages and data
 * the server answers under /public/, for every strategy with a published year or one of them.
 *
 * @example for (const [path, file] of await exportPublicSite(db)) write(join(out, path), file.body)
 */
export async function exportPublicSite(
  db: Kysely<Database>,
  options: { strategyId?: string; testedOn?: string | null } = {},
): Promise<Outcome<Map<string, SiteFile>>> {
  const rows = await publishedStrategies(db, options.strategyId);
  if (options.strategyId && rows.length === 0)
    return fail({
      code: 'NOT_FOUND',
      message: `総合戦略「${options.strategyId}」が見つからないか、公表した年度がありません`,
      messageEn: `Strategy '${options.strategyId}' does not exist or has no published fiscal year`,
      place: { field: 'strategy' },
    });
  const views = new Map<string, PublicStrategy>();
  for (const r of rows) {
    const v = await publicStrategy(db, r.strategyId);
    if (v) views.set(v.id, v);
  }
  return ok(siteFiles(listed(rows), views, { testedOn: options.testedOn ?? null }));
}
