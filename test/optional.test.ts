import { describe, expect, it, vi } from 'vitest';
import { inCi, needs } from './optional.ts';

describe('running in CI', () => {
  it('is any non-empty CI except false', () => {
    for (const v of ['1', 'true', 'yes', 'TRUE', '0']) expect(inCi({ CI: v }), v).toBe(true);
    for (const v of [undefined, '', 'false']) expect(inCi({ CI: v }), String(v)).toBe(false);
  });
});

describe('an optional dependency', () => {
  it('runs when present, in CI or not', () => {
    expect(needs('x', true, 'fix', { CI: '1' })).toBe(true);
    expect(needs('x', true, 'fix', {})).toBe(true);
  });
  it('skips with a printed reason when absent outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(needs('PostgreSQL', false, 'start it', { CI: 'false' })).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('PostgreSQL is missing (start it)'));
    warn.mockRestore();
  });
  it('fails when absent in CI', () => {
    expect(() => needs('chromium', false, 'apt-get install chromium', { CI: '1' })).toThrow(
      /chromium is missing \(apt-get install chromium\): required in CI/,
    );
  });
});
