import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { strategyDocumentJsonSchema } from '../src/core/interchange.ts';

describe('schema/strategy.schema.json', () => {
  it('is the JSON Schema generated from the Zod schema (run `npm run schema` after changing it)', () => {
    const onDisk = JSON.parse(
      readFileSync(new URL('../schema/strategy.schema.json', import.meta.url), 'utf8'),
    );
    expect(onDisk).toEqual(strategyDocumentJsonSchema());
  });
});
