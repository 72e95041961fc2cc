import type { ComponentChildren, JSX } from 'preact';

type Common = {
  /** The label's text. */
  label: ComponentChildren;
  /** The label's class (`inline` beside other fields in a row). */
  labelClass?: string;
  /** Called with the typed text on every input. */
  onValue?: (value: string) => void;
};

type InputProps = Common & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'label'>;
type AreaProps = Common & Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'onInput' | 'label'>;

/**
 * A labelled text input, in one of the two shapes the pages use: with `id`, the label stands
 * before the input and names it by `for`; without, the label holds its text and the input.
 */
export function Field({ label, labelClass, onValue, ...input }: InputProps) {
  const onInput = onValue
    ? (e: JSX.TargetedEvent<HTMLInputElement>) => onValue(e.currentTarget.value)
    : undefined;
  if (input.id)
    return (
      <>
        <label class={labelClass} for={String(input.id)}>
          {label}
        </label>
        <input {...input} onInput={onInput} />
      </>
    );
  return (
    <label class={labelClass}>
      {label} <input {...input} onInput={onInput} />
    </label>
  );
}

/** A labelled text area, its label before it naming it by `for`. */
export function AreaField({ label, labelClass, onValue, ...area }: AreaProps & { id: string }) {
  return (
    <>
      <label class={labelClass} for={area.id}>
        {label}
      </label>
      <textarea
        {...area}
        onInput={
          onValue ? (e: JSX.TargetedEvent<HTMLTextAreaElement>) => onValue(e.currentTarget.value) : undefined
        }
      />
    </>
  );
}
