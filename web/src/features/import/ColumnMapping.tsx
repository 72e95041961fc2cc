import type { MappedTable } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import {
  asOverrideField,
  type ColumnOverride,
  OVERRIDE_FIELDS,
  type OverrideField,
  YEAR_FIELDS,
} from './mapping.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Label of a field (override fields and the recognized ones the wizard shows). */
export const FIELD_LABELS: Record<string, MessageKey> = {
  goal: 'fieldGoal',
  measure: 'fieldMeasure',
  project: 'fieldProject',
  projectName: 'fieldProject',
  name: 'fieldKpiName',
  kpiName: 'fieldKpiName',
  numericTarget: 'fieldKpiName',
  unit: 'fieldUnit',
  baseline: 'fieldBaseline',
  target: 'fieldTarget',
  actual: 'fieldActual',
  department: 'fieldDepartment',
  status: 'fieldStatus',
  role: 'fieldRole',
  definition: 'fieldDefinition',
  note: 'fieldNote',
  notes: 'fieldNote',
  other: 'fieldOther',
  caption: 'fieldCaption',
  ignore: 'fieldIgnore',
};

const KEEP = '';

/**
 * The mapping table of one recognized table: each column's field as a select (a year input beside
 * figures of one year). A change calls `onChange` with the new list of overrides.
 */
export function ColumnMapping(props: {
  table: MappedTable;
  index: number;
  fileName: string;
  overrides: readonly ColumnOverride[];
  adjustable: boolean;
  busy: boolean;
  t: Translate;
  onChange: (
    at: { file: string; sheet: string | null; table: number; column: number },
    field: OverrideField | null,
    year: number | null,
  ) => void;
}) {
  const { table: tb, index, t } = props;
  const label = (f: string) => (FIELD_LABELS[f] ? t(FIELD_LABELS[f]!) : f);
  const at = (column: number) => ({ file: tb.file ?? props.fileName, sheet: tb.sheet, table: index, column });
  const own = (column: number) =>
    props.overrides.find(
      (o) =>
        o.table === index &&
        o.column === column &&
        o.sheet === tb.sheet &&
        o.file === (tb.file ?? props.fileName),
    );
  return (
    <table class="compact">
      <caption>
        {t('tableCaption', {
          i: index + 1,
          sheet: tb.sheet ? `${tb.sheet} ` : '',
          from: tb.firstRow,
          to: tb.lastRow,
          kind: tb.kind,
        })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('colColumn')}</th>
          <th scope="col">{t('colHeader')}</th>
          <th scope="col">{t('colMapping')}</th>
        </tr>
      </thead>
      <tbody>
        {tb.columns.map((c) => {
          const o = own(c.column);
          const selectable = props.adjustable && c.field !== 'caption';
          const current = o?.field ?? KEEP;
          const recognized = asOverrideField(c.field);
          const shown = o?.field ?? recognized ?? c.field;
          const yearId = `map-${index}-${c.column}-year`;
          return (
            <tr key={c.column}>
              <th scope="row">{c.column}</th>
              <td>{c.header}</td>
              <td>
                {selectable ? (
                  <span class="row">
                    <select
                      aria-label={t('mappingOf', { n: c.column, h: c.header })}
                      value={current}
                      disabled={props.busy}
                      onChange={(e) => {
                        const v = (e.currentTarget as HTMLSelectElement).value;
                        props.onChange(
                          at(c.column),
                          v === KEEP ? null : (v as OverrideField),
                          c.year ?? null,
                        );
                      }}
                    >
                      <option value={KEEP}>
                        {o ? t('asRecognizedUndo') : t('fieldAsRecognized', { f: label(c.field) })}
                      </option>
                      {OVERRIDE_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {label(f)}
                        </option>
                      ))}
                    </select>
                    {(YEAR_FIELDS as readonly string[]).includes(shown) ? (
                      <input
                        id={yearId}
                        type="number"
                        min={1900}
                        max={2200}
                        step={1}
                        aria-label={t('yearOf', { n: c.column })}
                        value={o?.fiscalYear ?? c.year ?? ''}
                        disabled={props.busy}
                        onChange={(e) => {
                          const y = Number((e.currentTarget as HTMLInputElement).value);
                          const field = (o?.field ?? recognized) as OverrideField | null;
                          if (field && Number.isInteger(y) && y >= 1900 && y <= 2200)
                            props.onChange(at(c.column), field, y);
                        }}
                      />
                    ) : null}
                    {c.overridden ? <span class="muted">{t('adjusted')}</span> : null}
                  </span>
                ) : (
                  label(c.field)
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
