import type { TransitionView } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { AreaField, Field } from '../../components/Field.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import type { AdditionRow } from './plan-form.ts';
import { FieldIssue, FigureInputs, type IssuesByField, measureLabel } from './transition-fields.tsx';

const DIRECTIONS: [AdditionRow['direction'], MessageKey][] = [
  ['', 'trDirNone'],
  ['increase', 'trDirIncrease'],
  ['decrease', 'trDirDecrease'],
  ['maintain', 'trDirMaintain'],
];

interface Props {
  index: number;
  row: AdditionRow;
  view: TransitionView;
  issues: IssuesByField;
  readOnly: boolean;
  onChange: (patch: Partial<AdditionRow>) => void;
}

/** A new KPI's place: its measure, unit and direction, in one row. */
function Placement({ index, row, view, issues, readOnly, onChange }: Props) {
  const { t } = useApp();
  const id = `tr-a${index}`;
  const bad = issues.get(`${id}-measureId`)?.length ? true : undefined;
  return (
    <div class="row">
      <label class="inline" for={`${id}-measureId`}>
        {t('trMeasureOf')}
      </label>
      <select
        id={`${id}-measureId`}
        value={row.measureId}
        required
        disabled={readOnly}
        aria-invalid={bad}
        aria-describedby={bad ? `${id}-measureId-issue` : undefined}
        onChange={(e) => onChange({ measureId: e.currentTarget.value })}
      >
        <option value="">{t('trChooseMeasure')}</option>
        {view.measures.map((m) => (
          <option key={m.id} value={m.id}>
            {measureLabel(m)}
          </option>
        ))}
      </select>
      <Field
        id={`${id}-unit`}
        label={t('trUnit')}
        labelClass="inline"
        class="narrow"
        value={row.unit}
        maxLength={50}
        disabled={readOnly}
        onValue={(unit) => onChange({ unit })}
      />
      <label class="inline" for={`${id}-direction`}>
        {t('trDirection')}
      </label>
      <select
        id={`${id}-direction`}
        value={row.direction}
        disabled={readOnly}
        onChange={(e) => onChange({ direction: e.currentTarget.value as AdditionRow['direction'] })}
      >
        {DIRECTIONS.map(([d, key]) => (
          <option key={d} value={d}>
            {t(key)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One KPI added in the next period: name, place, figures, definition; removable. */
export function AdditionFields(props: Props & { onRemove: () => void }) {
  const { t } = useApp();
  const { index, row, issues, readOnly, onChange } = props;
  const id = `tr-a${index}`;
  const n = index + 1;
  return (
    <fieldset class="stack card" data-addition={index}>
      <legend>
        <strong>{t('trAdditionN', { n })}</strong>
      </legend>
      <Field
        id={`${id}-name`}
        label={t('trName')}
        value={row.name}
        required
        maxLength={500}
        disabled={readOnly}
        onValue={(name) => onChange({ name })}
      />
      <Placement {...props} />
      <FieldIssue id={`${id}-measureId`} issues={issues} />
      <FigureInputs
        id={`${id}-baseline`}
        label={t('trBaseline')}
        yearLabel={t('trBaselineYear')}
        raw={row.baselineRaw}
        year={row.baselineYear}
        disabled={readOnly}
        onRaw={(v) => onChange({ baselineRaw: v })}
        onYear={(v) => onChange({ baselineYear: v })}
      />
      <FigureInputs
        id={`${id}-target`}
        label={t('trTarget')}
        yearLabel={t('trTargetYear')}
        raw={row.targetRaw}
        year={row.targetYear}
        disabled={readOnly}
        onRaw={(v) => onChange({ targetRaw: v })}
        onYear={(v) => onChange({ targetYear: v })}
      />
      <AreaField
        id={`${id}-definition`}
        label={t('trDefinition')}
        rows={2}
        value={row.definition}
        disabled={readOnly}
        onValue={(definition) => onChange({ definition })}
      />
      {readOnly ? null : (
        <p>
          <button type="button" onClick={props.onRemove}>
            {t('trRemove', { n })}
          </button>
        </p>
      )}
    </fieldset>
  );
}
