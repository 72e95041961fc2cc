import { useEffect, useState } from 'preact/hooks';
import { type ApiResult, api } from '../api/client.ts';

/** Loads a GET path; reloads when the path changes. `reload()` fetches again. */
export function useApi<T>(path: string | null): {
  data: T | null;
  error: ApiResult<T> | null;
  loading: boolean;
  reload: () => void;
} {
  const [state, setState] = useState<{ data: T | null; error: ApiResult<T> | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>('GET', path).then((r) => {
      if (!live) return;
      setState(
        r.ok ? { data: r.value, error: null, loading: false } : { data: null, error: r, loading: false },
      );
    });
    return () => {
      live = false;
    };
  }, [path, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}
