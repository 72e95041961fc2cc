/**
 * Formats a JSON path (as Zod reports it) the way a person reads it: `indicators[0].actuals[1].value`.
 *
 * @example formatJsonPath(['indicators', 0, 'baseline', 'value']) // 'indicators[0].baseline.value'
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}
