/**
 * Architecture rules (DESIGN.md §8): src/core is pure, adapters point inward.
 * Run by `npm run depcheck` (part of `npm test`).
 */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core must not import from adapters (import, store, services, api, cli, reports) or web.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(import|store|services|api|cli|reports)|web)/' },
    },
    {
      name: 'core-no-node-builtins',
      comment: 'src/core has no I/O: it imports nothing from node:* (fs, path, process, ...).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-only-pure-packages',
      comment: 'src/core may only use pure, I/O-free packages.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['npm', 'npm-dev'], pathNot: 'node_modules/(zod)/' },
    },
    {
      name: 'core-does-not-lean-on-recognition',
      comment:
        'Import recognition (src/core/import) is one room of the core: reports, evaluation and the rest do not import it. What they share with it (reading a figure as written: core/figure.ts) lives at the top of the core.',
      severity: 'error',
      from: { path: '^src/core/', pathNot: '^src/core/import/' },
      to: { path: '^src/core/import/' },
    },
    {
      name: 'adapters-do-not-import-cli-or-api',
      comment: 'Only the entry points (cli, api) sit at the top; nothing else imports them.',
      severity: 'error',
      from: { path: '^src/(core|import|store|services|reports)/' },
      to: { path: '^src/(cli|api)/' },
    },
    {
      name: 'routes-do-not-import-store',
      comment:
        'Routes parse, authorize through the declared rule, call one service and answer: the store (SQL) is reached through src/services only.',
      severity: 'error',
      from: { path: '^src/api/routes/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'answers-are-zod-only',
      comment:
        'The answer schemas (src/api/answers.ts, src/api/routes/*.answers.ts) are the API contract the web app takes its types from: they import zod, each other and the pure core (its schemas), nothing of the server.',
      severity: 'error',
      from: { path: '^src/api/(answers|routes/[^/]+[.]answers)[.]ts$' },
      to: {
        pathNot:
          '(^|/)node_modules/zod/|^src/core/|^src/api/answers[.]ts$|^src/api/routes/[^/]+[.]answers[.]ts$',
      },
    },
    {
      name: 'services-kernel-below-areas',
      comment:
        'The shared kernel of src/services (access, auth-roles, context, errors, scope, validation, versioned-write: the files at its top) serves every area folder (accounts, strategy, figures, import, reports, rounds, ops) and imports none of them.',
      severity: 'error',
      from: { path: '^src/services/[^/]+\\.ts$' },
      to: { path: '^src/services/[^/]+/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
