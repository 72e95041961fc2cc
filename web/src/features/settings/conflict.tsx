import type { ApiResult } from '../../api/client.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';

/** An API error; on a version conflict (409) also the current value the server sent. */
export function SaveError({
  result,
  current,
}: {
  result: ApiResult<unknown> | null;
  current: (value: unknown) => string | null;
}) {
  const { t } = useApp();
  if (!result || result.ok) return null;
  const value = result.error.code === 'VERSION_CONFLICT' ? current(result.error.current) : null;
  return (
    <div>
      <ErrorMessage result={result} />
      {value !== null ? <p class="muted">{t('conflictCurrent', { value })}</p> : null}
    </div>
  );
}
