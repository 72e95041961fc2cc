import type { TransitionIndicator, TransitionView } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { AreaField, Field } from '../../components/Field.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel } from '../../lib/format.ts';
import { type Action, type DecisionRow, isProposal } from './plan-form.ts';
import { FieldIssue, FigureInputs, type IssuesByField, measureLabel } from './transition-fields.tsx';

const ACTIONS: [Action, MessageKey][] = [
  ['continue', 'trContinue'],
  ['change', 'trChange'],
  ['delete', 'trDelete'],
  ['move', 'trMove'],
];

/** What every part of one KPI's decision gets: its field ids' prefix, the row and the KPI. */
interface PartProps {
  id: string;
  row: DecisionRow;
  ind: TransitionIndicator;
  readOnly: boolean;
  onChange: (patch: Partial<DecisionRow>) => void;
}

/** The proposed baseline (the latest figure) and the baseline and target inputs. */
function FigureDecision({ id, row, ind, readOnly, onChange }: PartProps) {
  const { t } = useApp();
  const proposal = ind.proposal;
  return (
    <>
      <p id={`${id}-proposal`} data-proposal={proposal ? `${proposal.raw}|${proposal.fiscalYear}` : ''}>
        {proposal
          ? t('trProposal', {
              raw: proposal.raw ?? String(proposal.value),
              fy: fiscalYearLabel(proposal.fiscalYear),
              state: t(proposal.from === 'final' ? 'trProposalFinal' : 'trProposalLatest'),
            })
          : t('trNoProposal')}{' '}
        {proposal && !isProposal(row, ind) ? (
          <>
            <span class="warn">{t('trEdited')}</span>{' '}
            {readOnly ? null : (
              <button
                type="button"
                class="link"
                onClick={() =>
                  onChange({ baselineRaw: proposal.raw ?? '', baselineYear: String(proposal.fiscalYear) })
                }
              >
                {t('trUseProposal')}
              </button>
            )}
          </>
        ) : null}
      </p>
      {row.action === 'change' && row.unit.trim() !== (ind.unit ?? '') && isProposal(row, ind) ? (
        <p class="warn">{t('trUnitChanged')}</p>
      ) : null}
      <FigureInputs
        id={`${id}-baseline`}
        label={t('trBaseline')}
        yearLabel={t('trBaselineYear')}
        raw={row.baselineRaw}
        year={row.baselineYear}
        disabled={readOnly}
        describedBy={`${id}-proposal`}
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
    </>
  );
}

/** A changed KPI's new name, unit and definition. */
function ChangeFields({ id, row, readOnly, onChange }: PartProps) {
  const { t } = useApp();
  return (
    <div class="stack">
      <Field
        id={`${id}-name`}
        label={t('trNewName')}
        value={row.name}
        required
        maxLength={500}
        disabled={readOnly}
        onValue={(name) => onChange({ name })}
      />
      <Field
        id={`${id}-unit`}
        label={t('trUnit')}
        class="narrow"
        value={row.unit}
        maxLength={50}
        disabled={readOnly}
        onValue={(unit) => onChange({ unit })}
      />
      <AreaField
        id={`${id}-definition`}
        label={t('trDefinition')}
        rows={2}
        value={row.definition}
        disabled={readOnly}
        onValue={(definition) => onChange({ definition })}
      />
    </div>
  );
}

/** The measure a moved KPI goes under. */
function MoveField({ id, row, ind, view, issues, readOnly, onChange }: PartProps & Placing) {
  const { t } = useApp();
  const bad = issues.get(`${id}-measureId`)?.length ? true : undefined;
  return (
    <div class="stack">
      <label for={`${id}-measureId`}>{t('trMoveTo')}</label>
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
        {view.measures
          .filter((m) => m.id !== ind.measureId)
          .map((m) => (
            <option key={m.id} value={m.id}>
              {measureLabel(m)}
            </option>
          ))}
      </select>
      <FieldIssue id={`${id}-measureId`} issues={issues} />
    </div>
  );
}

/** Why a KPI is changed, moved or deleted (required for a deletion). */
function ReasonField({ id, row, issues, readOnly, onChange }: PartProps & Placing) {
  const { t } = useApp();
  const bad = issues.get(`${id}-reason`)?.length ? true : undefined;
  return (
    <div class="stack">
      <AreaField
        id={`${id}-reason`}
        label={t(row.action === 'delete' ? 'trDeleteReason' : 'trReason')}
        rows={2}
        maxLength={2000}
        value={row.reason}
        required={row.action === 'delete'}
        disabled={readOnly}
        aria-invalid={bad}
        aria-describedby={bad ? `${id}-reason-issue` : undefined}
        onValue={(reason) => onChange({ reason })}
      />
      <FieldIssue id={`${id}-reason`} issues={issues} />
    </div>
  );
}

interface Placing {
  view: TransitionView;
  issues: IssuesByField;
}

/** One current KPI's decision: continue, change, delete or move, with what each asks for. */
export function DecisionFields({ index, ...props }: Omit<PartProps, 'id'> & Placing & { index: number }) {
  const { t } = useApp();
  const { row, ind, readOnly, onChange } = props;
  const part = { ...props, id: `tr-d${index}` };
  return (
    <fieldset class="stack card" data-indicator={ind.name} data-action={row.action}>
      <legend>
        <strong>{ind.name}</strong>
        {ind.unit ? <span class="muted">{t('unitIs', { u: ind.unit })}</span> : null}
      </legend>
      {ind.projectName ? <p class="muted">{t('trProject', { name: ind.projectName })}</p> : null}
      <p class="muted">{t('trCurrent', { b: ind.baselineRaw ?? '—', t: ind.targetRaw ?? '—' })}</p>
      <div class="row" role="radiogroup" aria-label={`${ind.name} ${t('trAction')}`}>
        {ACTIONS.map(([action, key]) => (
          <label class="inline" key={action}>
            <input
              type="radio"
              name={`${part.id}-action`}
              value={action}
              checked={row.action === action}
              disabled={readOnly}
              onChange={() => onChange({ action })}
            />{' '}
            {t(key)}
          </label>
        ))}
      </div>
      {row.action !== 'delete' ? <FigureDecision {...part} /> : null}
      {row.action === 'change' ? <ChangeFields {...part} /> : null}
      {row.action === 'move' ? <MoveField {...part} /> : null}
      {row.action !== 'continue' ? <ReasonField {...part} /> : null}
    </fieldset>
  );
}
