import type { PlanIssue } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { Field } from '../../components/Field.tsx';

/** The problems of the plan by the id of their field (`tr-d0-reason`, `tr-period-from`). */
export type IssuesByField = Map<string, PlanIssue[]>;

/** A measure as the choosers show it: its code and name. */
export const measureLabel = (m: { code?: string | null; name: string }) =>
  [m.code, m.name].filter(Boolean).join(' ');

/** The text inputs of a figure (raw text and its fiscal year), labelled. */
export function FigureInputs(props: {
  id: string;
  label: string;
  yearLabel: string;
  raw: string;
  year: string;
  disabled: boolean;
  onRaw: (v: string) => void;
  onYear: (v: string) => void;
  describedBy?: string;
}) {
  return (
    <div class="row">
      <Field
        id={`${props.id}-raw`}
        label={props.label}
        labelClass="inline"
        value={props.raw}
        maxLength={2000}
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        onValue={props.onRaw}
      />
      <Field
        id={`${props.id}-year`}
        label={props.yearLabel}
        labelClass="inline"
        type="number"
        class="num"
        min={1900}
        max={2200}
        required={props.raw.trim() !== ''}
        disabled={props.disabled}
        value={props.year}
        onValue={props.onYear}
      />
    </div>
  );
}

/** The problem of one field, tied to its input by id (aria-describedby). */
export function FieldIssue({ id, issues }: { id: string; issues: IssuesByField }) {
  const { lang } = useApp();
  const list = issues.get(id);
  if (!list?.length) return null;
  return (
    <p class="error" id={`${id}-issue`}>
      {list.map((i) => (lang === 'ja' ? i.message : i.messageEn)).join(' ')}
    </p>
  );
}
