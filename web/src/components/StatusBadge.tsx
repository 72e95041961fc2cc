import { statusShape } from '../../../src/core/evaluation/status-shape.ts';
import type { StatusRef } from '../api/types.ts';
import { useApp } from '../app-context.ts';

export { statusShape };

/**
 * What a badge shows of a status: an evaluated one (StatusRef), a tree's or a scheme rule's (their
 * English label may be absent, their source is not always said).
 */
export type ShownStatus = Pick<StatusRef, 'key' | 'label' | 'color'> & {
  labelEn?: StatusRef['labelEn'] | undefined;
  source?: string | undefined;
};

/** Status as shape + label, with the scheme's colour as a border (never colour alone). */
export function StatusBadge({ status, en }: { status: ShownStatus | null | undefined; en?: boolean }) {
  const { t, lang } = useApp();
  if (!status) return <span class="badge">－ {t('notEvaluated')}</span>;
  const label = (en ?? lang === 'en') && status.labelEn ? status.labelEn : status.label;
  return (
    <span class="badge" style={{ borderColor: status.color }}>
      <span aria-hidden="true" style={{ color: status.color }}>
        {statusShape(status.key)}
      </span>{' '}
      {label}
      {status.source === 'override' ? <span class="muted">{t('overridden')}</span> : null}
    </span>
  );
}
