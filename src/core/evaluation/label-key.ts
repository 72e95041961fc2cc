/**
 * A status label compared loosely: full-width and half-width forms alike (NFKC), spaces ignored,
 * so that `進捗の遅れ（コロナ）` and `進捗の遅れ (コロナ)` are one class.
 *
 * @example labelKey('進捗の遅れ（コロナ）') === labelKey('進捗の遅れ (コロナ)') // true
 */
export function labelKey(label: string): string {
  return label.normalize('NFKC').replace(/\s+/g, '');
}
