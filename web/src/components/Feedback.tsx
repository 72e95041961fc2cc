import type { ApiResult } from '../api/client.ts';
import { useApp } from '../app-context.ts';
import { issuePlace, issuesOf } from '../lib/issues.ts';

export function Loading() {
  const { t } = useApp();
  return (
    <p class="muted" role="status">
      {t('loading')}
    </p>
  );
}

/**
 * An API error as a message with its code (Japanese and English); when it carries several issues
 * (an uploaded file's problems), each one with its cell and its fix, up to ten.
 */
export function ErrorMessage({ result }: { result: ApiResult<unknown> | null }) {
  const { lang } = useApp();
  if (!result || result.ok) return null;
  const e = result.error;
  const issues = issuesOf(e.details);
  return (
    <>
      <p class="error" role="alert">
        {lang === 'ja' ? e.message : e.messageEn} <span class="muted">({e.code})</span>
      </p>
      {issues.length > 1 && (
        <ul class="error issue-list">
          {issues.slice(0, 10).map((i, k) => (
            <li key={k}>
              {issuePlace(i)}
              {lang === 'ja' ? i.message : i.messageEn}
              {i.hint ? <span class="muted"> — {i.hint}</span> : null} <span class="muted">({i.code})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
