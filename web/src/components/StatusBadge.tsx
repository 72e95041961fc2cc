import type { StatusRef } from '../api/types.ts';
import { useApp } from '../app-context.ts';

const SHAPES: Record<string, string> = {
  achieved: '★',
  'on-track': '●',
  'mostly-on-track': '▲',
  behind: '▼',
  unrated: '－',
};
const FALLBACK = ['◆', '■', '◇', '□', '✕'];

/** A shape per status key, so status is never told by colour alone. */
export function statusShape(key: string): string {
  const known = SHAPES[key];
  if (known) return known;
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return FALLBACK[h % FALLBACK.length]!;
}

/** Status as shape + label, with the scheme's colour as a border (never colour alone). */
export function StatusBadge({ status, en }: { status: StatusRef | null | undefined; en?: boolean }) {
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
