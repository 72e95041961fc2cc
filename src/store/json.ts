/** JSON in text columns: `null`/`undefined` stay SQL NULL; everything else is JSON text. */
export function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value);
}

/** Decodes a JSON text column (NULL → null). */
export function fromJson<T>(text: string | null | undefined): T | null {
  if (text == null) return null;
  return JSON.parse(text) as T;
}
