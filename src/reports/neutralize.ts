/**
 * Spreadsheet formula injection (CSV/数式インジェクション): a text cell that starts with `=`,
 * `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so that Excel shows it as
 * text instead of running it. Plain numbers (`-236`, `+1.5`, `-1,234`) are left as they are: a
 * negative number is a number, not a formula.
 *
 * @example neutralize('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 * @example neutralize('-236') // '-236'
 */
export function neutralize(text: string): string {
  if (text === '') return text;
  const c = text.charCodeAt(0);
  // = + - @ \t \r
  if (c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 9 && c !== 13) return text;
  if (PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}

const PLAIN_NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$/;

/** Whether a text would be neutralized (starts like a formula and is not a plain number). */
export function isFormulaLike(text: string): boolean {
  return neutralize(text) !== text;
}
