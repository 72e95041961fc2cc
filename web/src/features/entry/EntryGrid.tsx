import { useMemo, useRef } from 'preact/hooks';
import type { RoundListItem, Strategy, Tree } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { fiscalYearLabel } from '../../lib/format.ts';
import { enterableDepartments, grantOf } from '../../lib/permissions.ts';
import { navigate, useLocation } from '../../lib/router.ts';
import { departmentsOf, flattenTree } from '../../lib/tree-walk.ts';
import { useApi } from '../../lib/use-api.ts';
import { entryYearOf, YearSelect, yearsOf } from '../dashboard/Dashboard.tsx';
import { GridRow } from './GridRow.tsx';
import type { Row } from './grid-rows.ts';
import { LOCKED_ROUND, RoundNotice, type YearRound } from './RoundNotice.tsx';
import { useGridEdits, useGridKeys, useGridRows, useGridSave } from './use-entry-grid.ts';

/** The entry page's choice for the indicators no department answers for (never a department's name: names are trimmed). */
const NO_DEPARTMENT = ' ';

/**
 * The department and year shown, from the address: the departments the person may enter for
 * (planners also the indicators of no department), the year asked for or the entry year.
 */
function useEntryChoice(strategyId: string) {
  const { me } = useApp();
  const { params } = useLocation();
  const strategy = useApi<Strategy>(`/api/strategies/${strategyId}`);
  const tree = useApi<Tree>(`/api/strategies/${strategyId}/tree`);
  const placed = useMemo(() => (tree.data ? flattenTree(tree.data) : []), [tree.data]);
  // Editors get their own departments only (the server refuses the others anyway).
  const departments = enterableDepartments(me, departmentsOf(placed), tree.data?.departments);
  // Indicators no department answers for (an import without 担当課): planners enter them as a group.
  if (grantOf(me, 'figures.write') === 'all' && placed.some((p) => p.indicator.departments.length === 0))
    departments.push(NO_DEPARTMENT);
  const asked = params.get('department');
  const department = asked && departments.includes(asked) ? asked : (departments[0] ?? '');
  const fiscalYear = Number(params.get('fy') ?? (strategy.data ? entryYearOf(strategy.data) : 0));
  const mine = useMemo(
    () =>
      tree.data && department
        ? placed
            .filter((p) =>
              department === NO_DEPARTMENT
                ? p.indicator.departments.length === 0
                : p.indicator.departments.includes(department),
            )
            .map((p) => p.indicator)
        : null,
    [placed, department],
  );
  return { strategy, tree, departments, department, fiscalYear, mine };
}

/** The year's round, if any: found in the strategy's list (a year without a round is the usual case). */
function useYearRound(strategyId: string, fiscalYear: number) {
  // Not asked for by year, which would answer 404 outside the reporting season.
  const rounds = useApi<RoundListItem[]>(fiscalYear ? `/api/rounds?strategyId=${strategyId}` : null);
  const roundId = rounds.data?.find((r) => r.fiscalYear === fiscalYear)?.id ?? null;
  return useApi<YearRound>(roundId ? `/api/rounds/${roundId}` : null);
}

/** The grid's column headings. */
function GridHead() {
  const { t } = useApp();
  return (
    <thead>
      <tr>
        <th scope="col">{t('indicator')}</th>
        <th scope="col">{t('previous')}</th>
        <th scope="col">{t('actual')}</th>
        <th scope="col">{t('parsed')}</th>
        <th scope="col">{t('note')}</th>
        <th scope="col">{t('warnings')}</th>
        <th scope="col">{t('commentary')}</th>
      </tr>
    </thead>
  );
}

/** A department's indicators for one fiscal year, keyboard-first like a spreadsheet. */
export function EntryPage({ strategyId }: { strategyId: string }) {
  const { t, me } = useApp();
  const { strategy, tree, departments, department, fiscalYear, mine } = useEntryChoice(strategyId);
  const round = useYearRound(strategyId, fiscalYear);
  const { rows, setRows } = useGridRows(mine, fiscalYear);
  // The answer's state moves with a save (未着手 → 入力中): the notice follows.
  const { message, setMessage, save, saveRows } = useGridSave(rows, setRows, fiscalYear, () =>
    round.reload(),
  );
  const edits = useGridEdits(setRows, fiscalYear, saveRows);
  const grid = useRef<HTMLTableElement>(null);
  const keys = useGridKeys(grid, rows, setRows, fiscalYear, save, setMessage);
  if (strategy.error || tree.error) return <ErrorMessage result={strategy.error ?? tree.error} />;
  if (!strategy.data || !tree.data) return <Loading />;
  if (departments.length === 0)
    return (
      <div class="stack">
        <h1>{t('entry')}</h1>
        <p class="card">{grantOf(me, 'figures.write') ? t('noOwnDepartment') : t('noEntryRight')}</p>
      </div>
    );
  const label = (d: string) => (d === NO_DEPARTMENT ? t('noDepartment') : d);
  const go = (dep: string, fy: number) =>
    navigate(`/strategies/${strategyId}/entry?department=${encodeURIComponent(dep)}&fy=${fy}`);
  const dirtyCount = rows?.filter((r) => r.state === 'dirty').length ?? 0;
  const lockOf = (indicatorId: string): 'locked' | 'reopened' | null => {
    const rd = round.data;
    if (!rd || !LOCKED_ROUND.includes(rd.state)) return null;
    return rd.exceptions.some((x) => x.indicatorId === indicatorId && !x.closedAt) ? 'reopened' : 'locked';
  };
  const rowOf = (row: Row, i: number) => (
    <GridRow
      key={row.indicator.id}
      row={row}
      index={i}
      fiscalYear={fiscalYear}
      canComment={grantOf(me, 'commentary.write') !== null}
      lock={lockOf(row.indicator.id)}
      {...edits}
    />
  );
  return (
    <div class="stack">
      <div class="page-head">
        <h1>
          {t('entry')}：{label(department)}（{fiscalYearLabel(fiscalYear)}）
        </h1>
      </div>
      <div class="filters card">
        <label>
          {t('department')}
          <select
            value={department}
            onChange={(e) => go((e.currentTarget as HTMLSelectElement).value, fiscalYear)}
          >
            {departments.map((d) => (
              <option key={d} value={d}>
                {label(d)}
              </option>
            ))}
          </select>
        </label>
        <YearSelect
          years={yearsOf(strategy.data, fiscalYear)}
          value={fiscalYear}
          onChange={(y) => go(department, y)}
        />
        <button type="button" class="primary" onClick={save}>
          {t('save')}
          {dirtyCount ? t('countParen', { n: dirtyCount }) : ''}
        </button>
        <p role="status" class="muted" id="entry-status">
          {message}
        </p>
      </div>
      {round.data ? <RoundNotice round={round.data} department={department} /> : null}
      <p class="muted" id="grid-help">
        {t('gridHelp')}
        {t('ctrlS')}
      </p>
      {rows === null ? (
        <Loading />
      ) : (
        <div class="scroll">
          <table
            class="grid"
            ref={grid}
            onKeyDown={keys.onKeyDown}
            onPaste={keys.onPaste}
            aria-describedby="grid-help"
          >
            <GridHead />
            <tbody>{rows.map(rowOf)}</tbody>
          </table>
        </div>
      )}
    </div>
  );
}
