import { useState } from 'preact/hooks';
import type { RoundViewAnswer } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { Field } from '../../components/Field.tsx';
import { matchesSearch } from '../../lib/normalize.ts';

type RoundIndicator = RoundViewAnswer['indicators'][number];

/**
 * Chooses one of the round's indicators (the exception form): a search by name or department
 * narrows a list grouped by department; both are labelled controls, the number of matches is
 * announced, and an indicator already reopened cannot be chosen again.
 */
export function IndicatorPicker({
  indicators,
  value,
  onChange,
}: {
  indicators: RoundIndicator[];
  value: string;
  onChange: (indicatorId: string) => void;
}) {
  const { t } = useApp();
  const [q, setQ] = useState('');
  const matches = indicators.filter((i) => matchesSearch(q, `${i.name} ${i.departmentNames.join(' ')}`));
  const groups = new Map<string, RoundIndicator[]>();
  for (const i of matches) {
    const d = i.departmentNames[0] ?? t('noDepartment');
    groups.set(d, [...(groups.get(d) ?? []), i]);
  }
  const search = (text: string) => {
    setQ(text);
    const now = indicators.filter(
      (i) => !i.reopened && matchesSearch(text, `${i.name} ${i.departmentNames.join(' ')}`),
    );
    // One match left: it is the choice; a choice the search hides is dropped.
    if (now.length === 1) onChange(now[0]!.indicatorId);
    else if (value && !now.some((i) => i.indicatorId === value)) onChange('');
  };
  const chosen = indicators.find((i) => i.indicatorId === value);
  return (
    <fieldset class="picker">
      <legend>{t('roundExceptionIndicator')}</legend>
      <Field
        label={t('roundExceptionSearch')}
        type="search"
        name="exceptionSearch"
        aria-controls="ex-indicator"
        value={q}
        onValue={search}
      />{' '}
      <span role="status" class="muted" data-testid="picker-matches">
        {t('roundExceptionMatches', { n: matches.length })}
      </span>
      <label class="block">
        {t('roundExceptionChoose')}
        <select
          id="ex-indicator"
          name="exceptionIndicator"
          required
          size={Math.min(8, Math.max(3, matches.length + groups.size))}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        >
          {[...groups].map(([dept, list]) => (
            <optgroup key={dept} label={dept}>
              {list.map((i) => (
                <option key={i.indicatorId} value={i.indicatorId} disabled={i.reopened}>
                  {i.name}
                  {i.unit ? `（${i.unit}）` : ''}
                  {i.reopened ? ` ${t('roundReopenedMark')}` : ''}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <p class="muted" data-testid="picker-chosen">
        {chosen
          ? t('roundExceptionChosen', { name: chosen.name, departments: chosen.departmentNames.join('、') })
          : t('roundExceptionNotChosen')}
      </p>
    </fieldset>
  );
}
