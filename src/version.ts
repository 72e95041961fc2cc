import pkg from '../package.json' with { type: 'json' };

/** The version of this Sousei (package.json), shown by /api/health, /api/metrics and `sousei --version`. */
export const VERSION: string = pkg.version;
