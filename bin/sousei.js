#!/usr/bin/env node
// Entry point for `npx sousei` and `npm start`. Runs the prebuilt bundle (build/cli/sousei.mjs,
// made by `npm run build:cli`, part of `prepare`) when it is newer than every source file, and
// otherwise the TypeScript sources through tsx, so an edited checkout never runs stale code.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}build/cli/sousei.mjs`;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

// A release package (scripts/release.mjs) ships the bundle without the sources: run it.
function bundleIsFresh() {
  if (!exists(bundle)) return false;
  if (!exists(`${root}src`)) return true;
  return statSync(bundle).mtimeMs > newestMtime(`${root}src`);
}

if (process.env.SOUSEI_FROM_SOURCE !== '1' && bundleIsFresh()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
