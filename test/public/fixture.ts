/**
 * A strategy with something secret in every place the public must never see: figures,
 * commentary and opinions of unpublished years, internal notes, figure notes, source cells,
 * narratives, projects' yearly plans, a judgement's reason and author, people's names. Each
 * secret is a marker string; the tests look for every marker in every public page and data file.
 */
import type { Kysely } from 'kysely';
import type { StrategyDocumentInput } from '../../src/core/interchange.ts';
import { systemContext } from '../../src/services/context.ts';
import { putOverride } from '../../src/services/figures/overrides.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { publishFiscalYear } from '../../src/services/reports/publication.ts';
import { addOpinion, editOpinion } from '../../src/services/strategy/opinions.ts';
import type { Database } from '../../src/store/schema.ts';
import { smallDocument } from '../store/fixtures.ts';

/** Texts that must never appear on a public page or in a public data file. */
export const SECRETS = {
  unpublishedFigure: '7,777,777件',
  unpublishedValue: '7777777',
  unpublishedFigure2023: '5,555人',
  unpublishedValue2023: '5555',
  draftCommentary: 'DRAFT-進捗-2022',
  draftIssues: 'DRAFT-課題-2022',
  internalNote: 'INTERNAL-備考-秘',
  figureNote: 'FIGNOTE-秘メモ',
  sourceFile: 'secret-source.csv',
  narrative: 'NARRATIVE-秘',
  projectPlan: 'PLAN-秘-2021',
  projectResult: 'RESULT-秘-2021',
  unpublishedOpinion: 'UNPUB-意見-2022',
  unpublishedResponse: 'UNPUB-対応-2022',
  committeeName: 'COMMITTEE-鈴木',
  editorName: 'EDITOR-田中',
  plannerName: 'PLANNER-高橋',
  overrideReason: 'OVERRIDE-理由-秘',
} as const;

/** Texts of published years that must appear (so that the absence of the secrets means something). */
export const PUBLISHED = {
  figure2021: '1,450件',
  commentary2021: '説明会を開催',
  opinion2021: 'PUBLISHED-意見-2021',
  response2021: 'PUBLISHED-対応-2021',
  overrideLabel: '進捗の遅れ（感染症）',
} as const;

export function leakDocument(): StrategyDocumentInput {
  const doc = smallDocument();
  doc.goals![0]!.narratives = [{ kind: 'summary', text: SECRETS.narrative }];
  doc.projects![0]!.years = [{ fiscalYear: 2021, plan: SECRETS.projectPlan, result: SECRETS.projectResult }];
  const [k1, , k3] = doc.indicators;
  k1!.notes = [SECRETS.internalNote];
  k1!.actuals = [
    {
      value: 1208,
      fiscalYear: 2020,
      raw: '1,208件',
      unit: '件',
      state: 'final',
      provenance: { file: SECRETS.sourceFile, row: 3, column: 5 },
    },
    { value: 1450, fiscalYear: 2021, raw: '1,450件', unit: '件', state: 'final', note: SECRETS.figureNote },
    { value: 7777777, fiscalYear: 2022, raw: SECRETS.unpublishedFigure, unit: '件', state: 'final' },
  ];
  k1!.commentary = [
    {
      fiscalYear: 2021,
      progress: PUBLISHED.commentary2021,
      issues: '参加者が少ない',
      nextSteps: '周知を強化',
    },
    { fiscalYear: 2022, progress: SECRETS.draftCommentary, issues: SECRETS.draftIssues },
  ];
  k3!.actuals = [
    { value: 18, fiscalYear: 2020 },
    { value: 5555, fiscalYear: 2023, raw: SECRETS.unpublishedFigure2023 },
  ];
  return doc;
}

/** Imports the leak document, writes opinions, an override, and publishes FY2020 and FY2021. */
export async function loadLeakWorld(db: Kysely<Database>) {
  const imported = await importDocument(db, systemContext(), leakDocument());
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  const { strategyId, municipalityId } = imported.value;
  const ids = new Map<string, string>();
  for (const table of ['measures', 'indicators'] as const)
    for (const row of await db
      .selectFrom(table)
      .select(['id', 'ref'])
      .where('strategy_id', '=', strategyId)
      .execute())
      ids.set(row.ref!, row.id);
  const as = (name: string) => systemContext({ actor: { id: null, name }, municipalityId });
  const opinion = async (fiscalYear: number, body: string, response: string) => {
    const o = await addOpinion(db, as(SECRETS.committeeName), strategyId, {
      targetType: 'indicator',
      targetId: ids.get('k1')!,
      fiscalYear,
      body,
    });
    if (!o.ok) throw new Error(o.error.messageEn);
    const r = await editOpinion(db, as(SECRETS.editorName), o.value.id, o.value.version, { response });
    if (!r.ok) throw new Error(r.error.messageEn);
  };
  await opinion(2021, PUBLISHED.opinion2021, PUBLISHED.response2021);
  await opinion(2022, SECRETS.unpublishedOpinion, SECRETS.unpublishedResponse);
  const o = await putOverride(db, as(SECRETS.plannerName), ids.get('k1')!, 2021, {
    label: PUBLISHED.overrideLabel,
    reason: SECRETS.overrideReason,
  });
  if (!o.ok) throw new Error(o.error.messageEn);
  for (const year of [2020, 2021]) {
    const p = await publishFiscalYear(db, as(SECRETS.plannerName), strategyId, year);
    if (!p.ok) throw new Error(p.error.messageEn);
  }
  return { strategyId, municipalityId, ids };
}
