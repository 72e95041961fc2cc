import { useEffect, useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { PlanIssue, TransitionView } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { useApi } from '../../lib/use-api.ts';
import { type AdditionRow, type DecisionRow, fieldId, formOf, type PlanForm, planOf } from './plan-form.ts';
import type { IssuesByField } from './transition-fields.tsx';

/** The plan's problems by the id of the field they are about (the others are listed only). */
export function issuesByField(view: TransitionView): IssuesByField {
  const issues = new Map<string, PlanIssue[]>();
  for (const i of view.issues) {
    const id = fieldId(i.place?.field);
    if (id) issues.set(id, [...(issues.get(id) ?? []), i]);
  }
  return issues;
}

/**
 * The transition wizard's state: the stored move (view) and the form typed over it; saving sends
 * the plan with the view's version, confirming saves first and stops at the plan's problems.
 */
export function useTransition(transitionId: string) {
  const { t } = useApp();
  const loaded = useApi<TransitionView>(`/api/transitions/${transitionId}`);
  const [view, setView] = useState<TransitionView | null>(null);
  const [form, setForm] = useState<PlanForm | null>(null);
  const [result, setResult] = useState<ApiResult<unknown> | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data) {
      setView(loaded.data);
      setForm(formOf(loaded.data));
    }
  }, [loaded.data]);
  const setDecision = (k: number, patch: Partial<DecisionRow>) =>
    setForm((f) =>
      f ? { ...f, decisions: f.decisions.map((d, j) => (j === k ? { ...d, ...patch } : d)) } : f,
    );
  const setAddition = (k: number, patch: Partial<AdditionRow>) =>
    setForm((f) =>
      f ? { ...f, additions: f.additions.map((a, j) => (j === k ? { ...a, ...patch } : a)) } : f,
    );
  const applied = (next: TransitionView) => {
    setView(next);
    setForm(formOf(next));
  };
  const save = async (): Promise<TransitionView | null> => {
    if (!view || !form) return null;
    const r = await api<TransitionView>('PUT', `/api/transitions/${view.id}`, {
      version: view.version,
      plan: planOf(form, view),
    });
    if (!r.ok) {
      setResult(r);
      return null;
    }
    setResult(null);
    applied(r.value);
    return r.value;
  };
  const onSave = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setStatus('');
    const saved = await save();
    setBusy(false);
    if (saved) setStatus(t('trSaved'));
  };
  const onConfirm = async () => {
    setBusy(true);
    setStatus('');
    const saved = await save();
    if (!saved) return setBusy(false);
    if (saved.issues.length) {
      setBusy(false);
      document.getElementById('tr-issues')?.focus();
      return;
    }
    const r = await api<TransitionView>('POST', `/api/transitions/${saved.id}/confirm`, {
      version: saved.version,
    });
    setBusy(false);
    if (!r.ok) return setResult(r);
    setResult(null);
    applied(r.value);
  };
  return { loaded, view, form, setForm, result, status, busy, setDecision, setAddition, onSave, onConfirm };
}
