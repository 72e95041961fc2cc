import type { StatusCount } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { formatShare } from '../lib/format.ts';
import { statusShape } from './StatusBadge.tsx';

/**
 * Distribution of statuses as horizontal bars, each with its shape, label, count and share in
 * text (like the summary table of a 進捗状況 report). The bars are a list; numbers are read aloud.
 */
export function StatusBars({
  counts,
  total,
  caption,
}: {
  counts: StatusCount[];
  total: number;
  caption: string;
}) {
  const { t, lang } = useApp();
  return (
    <figure class="bars">
      <figcaption>
        {caption}
        {t('totalN', { n: total })}
      </figcaption>
      <ul>
        {counts.map((c) => (
          <li key={c.key}>
            <span class="bar-label">
              <span aria-hidden="true" style={{ color: c.color }}>
                {statusShape(c.key)}
              </span>{' '}
              {lang === 'en' && c.labelEn ? c.labelEn : c.label}
            </span>
            <span class="bar-track" aria-hidden="true">
              <span
                class={`bar-fill pattern-${c.key}`}
                style={{ width: `${c.share}%`, backgroundColor: c.color }}
              />
            </span>
            <span class="bar-value">{t('countShare', { n: c.count, share: formatShare(c.share) })}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
