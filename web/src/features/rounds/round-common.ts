import { useState } from 'preact/hooks';
import type { ApiResult } from '../../api/client.ts';
import type { Tree } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { flattenTree } from '../../lib/tree-walk.ts';

export const PART_STATES = ['not_started', 'in_progress', 'submitted', 'returned', 'approved'] as const;
export const roundKey = (s: string) => `round_${s}` as MessageKey;
export const partKey = (s: string) => `part_${s}` as MessageKey;

/** A timestamp in the browser's time zone, to the minute (2026-05-31 14:05). */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const isPlanner = (role: string | null | undefined) => role === 'planner' || role === 'admin';

/** A write's runner: shows its error, reloads on success. */
export type Action = ReturnType<typeof useAction>;

/** Runs a write, shows its error, reloads on success. */
export function useAction() {
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<ApiResult<unknown>>, done: () => void) => {
    setBusy(true);
    const r = await call();
    setBusy(false);
    setError(r.ok ? null : r);
    if (r.ok) done();
  };
  return { error, busy, run };
}

/** The departments (id and name) answering for the strategy's indicators, by name. */
export function departmentsOfTree(tree: Tree): { id: string; name: string }[] {
  const named = new Set(flattenTree(tree).flatMap((p) => p.indicator.departments));
  return (tree.departments ?? [])
    .filter((d) => named.has(d.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'ja'));
}
