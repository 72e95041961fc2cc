import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every JSON answer of a route that declares an answer schema is checked against it (route.ts).
    env: { SOUSEI_CHECK_ANSWERS: '1' },
    // `npm test` runs with --coverage: the summary of src is printed and src/core must stay above
    // its floor (the core's own unit tests alone reach 88.6% statements, 80.0% branches, 92.4%
    // functions, 90.8% lines; the whole suite more).
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts'],
      reporter: ['text-summary'],
      thresholds: {
        'src/core/**/*.ts': { statements: 85, branches: 76, functions: 88, lines: 87 },
      },
    },
  },
});
