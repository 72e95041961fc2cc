import type { ApiResult } from '../api/client.ts';
import { useApp } from '../app-context.ts';

export function Loading() {
  const { t } = useApp();
  return (
    <p class="muted" role="status">
      {t('loading')}
    </p>
  );
}

/** An API error as a message with its code (Japanese and English). */
export function ErrorMessage({ result }: { result: ApiResult<unknown> | null }) {
  const { lang } = useApp();
  if (!result || result.ok) return null;
  const e = result.error;
  return (
    <p class="error" role="alert">
      {lang === 'ja' ? e.message : e.messageEn} <span class="muted">({e.code})</span>
    </p>
  );
}
