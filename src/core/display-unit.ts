import { splitUnitHint } from './value/units.ts';

/**
 * Values are stored in base units (`185,000万円` is stored as 1,850,000,000 円); an indicator's
 * unit is how people write it (`万円`, `千人`). These helpers turn a stored value back into the
 * indicator's display unit, so that every page, chart and document shows `185,000万円`.
 */

/**
 * The scale of a display unit over its base unit and the base unit itself.
 *
 * @example unitScale('万円') // { scale: 10000, base: '円' }
 * @example unitScale('件') // { scale: 1, base: '件' }
 * @example unitScale(null) // { scale: 1, base: null }
 */
export function unitScale(unit: string | null | undefined): { scale: number; base: string | null } {
  if (!unit?.trim()) return { scale: 1, base: null };
  const { scale, unit: base } = splitUnitHint(unit);
  // A unit that is only a scale word (`万`) has no base: keep the scale, base none.
  return { scale, base };
}

/**
 * A stored (base-unit) value expressed in the indicator's display unit, without the float noise
 * of the division (12 significant digits).
 *
 * @example toDisplayUnit(1_850_000_000, '万円') // 185000
 * @example toDisplayUnit(1563, '件') // 1563
 */
export function toDisplayUnit(value: number, unit: string | null | undefined): number {
  const { scale } = unitScale(unit);
  if (scale === 1 || !Number.isFinite(value)) return value;
  return Number((value / scale).toPrecision(12));
}

/**
 * Whether two units measure the same thing once scale words are set aside and spelling is
 * normalized (`万円` and `円`, `ｋｍ` and `km`, `パーセント` and `%`).
 *
 * @example sameBaseUnit('万円', '円') // true
 * @example sameBaseUnit('人', '件') // false
 */
export function sameBaseUnit(a: string, b: string): boolean {
  const fold = (u: string) => (unitScale(u).base ?? '').normalize('NFKC');
  return fold(a) === fold(b);
}
