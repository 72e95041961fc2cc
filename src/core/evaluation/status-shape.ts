/** Shapes of the preset statuses: best to worst, then "no data". */
const SHAPES: Record<string, string> = {
  achieved: '★',
  'on-track': '●',
  'mostly-on-track': '▲',
  behind: '▼',
  unrated: '－',
};
const FALLBACK = ['◆', '■', '◇', '□', '✕'];

/**
 * A shape per status key, shown beside the label so that a status is never told by colour alone
 * (the web app, the documents and the public site use the same shapes). Keys of the presets have
 * fixed shapes; other keys get one of a fixed set, chosen by the key.
 *
 * @example statusShape('on-track') // '●'
 * @example statusShape('unrated') // '－'
 */
export function statusShape(key: string): string {
  const known = SHAPES[key];
  if (known) return known;
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return FALLBACK[h % FALLBACK.length]!;
}
