import { useEffect, useState } from 'preact/hooks';
import type { GridPreview } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { FIELD_LABELS } from './ColumnMapping.tsx';
import {
  parseRows,
  STRUCTURE_ROLES,
  type StructureColumn,
  type StructureRole,
  type TableStructure,
  YEAR_FIELDS,
} from './mapping.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const KEEP = '';

/** The rows' fields of the form, each labelled by its own message. */
const ROW_FIELDS = ['headerRows', 'firstDataRow', 'lastDataRow', 'excludeRows'] as const;

/** The form's state for one sheet (text fields as typed). */
interface Draft {
  headerRows: string;
  firstDataRow: string;
  lastDataRow: string;
  excludeRows: string;
  columns: Record<number, { role: StructureRole | ''; group: string; year: string }>;
}

function draftOf(structure: TableStructure | undefined, table: { firstRow: number } | undefined): Draft {
  if (structure)
    return {
      headerRows: structure.headerRows.join(', '),
      firstDataRow: String(structure.firstDataRow),
      lastDataRow: structure.lastDataRow != null ? String(structure.lastDataRow) : '',
      excludeRows: (structure.excludeRows ?? []).join(', '),
      columns: Object.fromEntries(
        (structure.columns ?? []).map((c) => [
          c.column,
          {
            role: c.role,
            group: c.group != null ? String(c.group) : '',
            year: c.fiscalYear != null ? String(c.fiscalYear) : '',
          },
        ]),
      ),
    };
  const first = table?.firstRow ?? 1;
  return {
    headerRows: String(first),
    firstDataRow: String(first + 1),
    lastDataRow: '',
    excludeRows: '',
    columns: {},
  };
}

/** The structure a draft stands for, or null when its rows are not valid. */
function structureOf(draft: Draft, sheet: string | null): TableStructure | null {
  const headerRows = parseRows(draft.headerRows);
  const firstDataRow = Number(draft.firstDataRow);
  const last = draft.lastDataRow.trim() ? Number(draft.lastDataRow) : null;
  if (headerRows == null || !Number.isInteger(firstDataRow) || firstDataRow < 1) return null;
  if (headerRows.some((r) => r >= firstDataRow)) return null;
  if (last != null && (!Number.isInteger(last) || last < firstDataRow)) return null;
  const excludeRows = parseRows(draft.excludeRows);
  if (excludeRows == null) return null;
  const columns: StructureColumn[] = [];
  for (const [col, c] of Object.entries(draft.columns)) {
    if (!c.role) continue;
    const column: StructureColumn = { column: Number(col), role: c.role };
    const group = Number(c.group);
    if (c.group.trim() && Number.isInteger(group) && group >= 1 && group <= 50) column.group = group;
    const year = Number(c.year);
    if (c.year.trim() && Number.isInteger(year) && year >= 1900 && year <= 2200) column.fiscalYear = year;
    columns.push(column);
  }
  columns.sort((a, b) => a.column - b.column);
  return {
    sheet,
    headerRows,
    firstDataRow,
    ...(last != null ? { lastDataRow: last } : {}),
    ...(excludeRows.length ? { excludeRows } : {}),
    columns,
  };
}

/** The first rows of the sheet as read, the header rows marked. */
function SheetRows({
  sheet,
  cols,
  headerRows,
  t,
}: {
  sheet: GridPreview;
  cols: number[];
  headerRows: number[];
  t: Translate;
}) {
  return (
    <section class="table-scroll" tabindex={0} aria-labelledby="grid-caption">
      <table class="compact">
        <caption id="grid-caption">
          {t('gridCaption', { n: sheet.rows.length, sheet: sheet.sheet ?? sheet.file })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('rowNo')}</th>
            {cols.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sheet.rows.map((r) => (
            <tr key={r.row} class={headerRows.includes(r.row) ? 'is-header' : undefined}>
              <th scope="row">{r.row}</th>
              {cols.map((c) => (
                <td key={c}>{r.cells[c - 1] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type ColumnDraft = Draft['columns'][number];

/** Each column's role, group (repeated groups) and fiscal year (for the year fields). */
function ColumnRoles({
  cols,
  draft,
  headerText,
  busy,
  t,
  label,
  setColumn,
}: {
  cols: number[];
  draft: Draft;
  headerText: (col: number) => string;
  busy: boolean;
  t: Translate;
  label: (f: string) => string;
  setColumn: (col: number, patch: Partial<ColumnDraft>) => void;
}) {
  return (
    <table class="compact">
      <thead>
        <tr>
          <th scope="col">{t('colColumn')}</th>
          <th scope="col">{t('colHeader')}</th>
          <th scope="col">{t('colRole')}</th>
          <th scope="col">{t('colGroup')}</th>
          <th scope="col">{t('fiscalYear')}</th>
        </tr>
      </thead>
      <tbody>
        {cols.map((c) => {
          const own = draft.columns[c] ?? { role: '', group: '', year: '' };
          return (
            <tr key={c}>
              <th scope="row">{c}</th>
              <td>{headerText(c)}</td>
              <td>
                <select
                  aria-label={t('columnRoleOf', { n: c })}
                  value={own.role}
                  disabled={busy}
                  onChange={(e) =>
                    setColumn(c, { role: (e.currentTarget as HTMLSelectElement).value as StructureRole })
                  }
                >
                  <option value={KEEP}>{t('roleKeep')}</option>
                  {STRUCTURE_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {label(r)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="number"
                  min={1}
                  max={50}
                  step={1}
                  class="narrow"
                  aria-label={t('groupOf', { n: c })}
                  value={own.group}
                  disabled={busy || !own.role}
                  onChange={(e) => setColumn(c, { group: (e.currentTarget as HTMLInputElement).value })}
                />
              </td>
              <td>
                {(YEAR_FIELDS as readonly string[]).includes(own.role) ? (
                  <input
                    type="number"
                    min={1900}
                    max={2200}
                    step={1}
                    class="narrow"
                    aria-label={t('structureYearOf', { n: c })}
                    value={own.year}
                    disabled={busy}
                    onChange={(e) => setColumn(c, { year: (e.currentTarget as HTMLInputElement).value })}
                  />
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * The manual structure of a sheet: the first rows of the file as read, the header rows, first and
 * last data rows, excluded rows and each column's role (with repeated groups and hierarchy
 * columns). Each change recognizes the file again (`onApply` with the whole list of structures).
 */
export function StructureEditor(props: {
  grid: GridPreview[];
  structures: TableStructure[];
  tables: { sheet: string | null; firstRow: number }[];
  busy: boolean;
  t: Translate;
  onApply: (structures: TableStructure[]) => void;
}) {
  const { t, grid } = props;
  const [index, setIndex] = useState(0);
  const sheet = grid[index] ?? grid[0];
  const sheetName = sheet?.sheet ?? null;
  const existing = props.structures.find((s) => (s.sheet ?? null) === sheetName);
  const firstTable = props.tables.find((tb) => tb.sheet === sheetName);
  const [draft, setDraft] = useState<Draft>(() => draftOf(existing, firstTable));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setDraft(draftOf(existing, firstTable));
    setInvalid(false);
    // Only when another sheet is chosen: the draft otherwise keeps what is typed.
  }, [index]);
  if (!sheet) return null;
  const width = Math.min(30, Math.max(0, ...sheet.rows.map((r) => r.cells.length)));
  const cols = Array.from({ length: width }, (_, k) => k + 1);
  const headerRows = parseRows(draft.headerRows) ?? [];
  const headerText = (col: number) =>
    sheet.rows
      .filter((r) => headerRows.includes(r.row))
      .map((r) => r.cells[col - 1] ?? '')
      .filter(Boolean)
      .join(' / ');
  const label = (f: string) => (FIELD_LABELS[f] ? t(FIELD_LABELS[f]!) : f);
  const apply = (next: Draft) => {
    setDraft(next);
    const s = structureOf(next, sheetName);
    setInvalid(s == null);
    if (!s) return;
    props.onApply([...props.structures.filter((x) => (x.sheet ?? null) !== sheetName), s]);
  };
  const setColumn = (col: number, patch: Partial<Draft['columns'][number]>) => {
    const current = draft.columns[col] ?? { role: '', group: '', year: '' };
    apply({ ...draft, columns: { ...draft.columns, [col]: { ...current, ...patch } } });
  };
  return (
    <section class="stack" aria-labelledby="structure-h">
      <h3 id="structure-h">{t('structureTitle')}</h3>
      <p class="muted">{t('structureHelp')}</p>
      {grid.length > 1 ? (
        <label>
          {t('structureSheet')}
          <select
            value={index}
            onChange={(e) => setIndex(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            {grid.map((g, i) => (
              <option key={`${g.file}-${g.sheet}`} value={i}>
                {g.sheet ?? g.file}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <SheetRows sheet={sheet} cols={cols} headerRows={headerRows} t={t} />
      <div class="row">
        {ROW_FIELDS.map((key) => (
          <label key={key}>
            {t(key)}
            <input
              type="text"
              inputMode="numeric"
              value={draft[key]}
              disabled={props.busy}
              onChange={(e) => apply({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
        ))}
      </div>
      {invalid ? (
        <p role="alert" class="error">
          {t('structureInvalid')}
        </p>
      ) : null}
      <ColumnRoles
        cols={cols}
        draft={draft}
        headerText={headerText}
        busy={props.busy}
        t={t}
        label={label}
        setColumn={setColumn}
      />
      <div class="row">
        <button
          type="button"
          disabled={props.busy || invalid}
          onClick={() => {
            const s = structureOf(draft, sheetName);
            if (s) props.onApply([...props.structures.filter((x) => (x.sheet ?? null) !== sheetName), s]);
          }}
        >
          {t('structureApply')}
        </button>
        {existing ? (
          <button
            type="button"
            disabled={props.busy}
            onClick={() => props.onApply(props.structures.filter((x) => (x.sheet ?? null) !== sheetName))}
          >
            {t('structureClear')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
