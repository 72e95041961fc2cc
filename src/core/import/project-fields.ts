/**
 * Small helpers the project tables share: a project's list fields (bodies, departments) split and
 * merged without duplicates, and a tag added to a project once.
 */
import type { Project } from '../interchange.ts';

export function splitList(text: string): string[] {
  return text
    .split(/[、,\n]|\s+(?=・)|^・|\s・/u)
    .map((s) => s.replace(/^・/u, '').trim())
    .filter(Boolean);
}

export function mergeList(a: string[] | undefined, b: string[]): string[] {
  return [...new Set([...(a ?? []), ...b])];
}

export function addTag(project: Project, set: string, tag: string): void {
  project.tags ??= [];
  const tags = project.tags;
  if (!tags.some((t) => t.set === set && t.tag === tag)) tags.push({ set, tag });
}
