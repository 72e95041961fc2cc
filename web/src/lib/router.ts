import { useEffect, useState } from 'preact/hooks';

/** Navigates inside the app (history API); pages listen through useLocation. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  dispatchEvent(new Event('sousei:navigate'));
  window.scrollTo(0, 0);
}

/** The current path and query, updated on navigation and back/forward. */
export function useLocation(): { path: string; params: URLSearchParams } {
  const read = () => ({ path: location.pathname, params: new URLSearchParams(location.search) });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const on = () => setLoc(read());
    addEventListener('popstate', on);
    addEventListener('sousei:navigate', on);
    return () => {
      removeEventListener('popstate', on);
      removeEventListener('sousei:navigate', on);
    };
  }, []);
  return loc;
}

/** Matches `/strategies/:id/tree` against a path; returns the named parts or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (path === '/' && pattern === '/') return {};
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = s[i]!;
    if (a.startsWith(':')) out[a.slice(1)] = decodeURIComponent(b);
    else if (a !== b) return null;
  }
  return out;
}

/** Click handler for in-app links: plain clicks navigate without reloading. */
export function onLinkClick(event: MouseEvent): void {
  const a = (event.currentTarget as HTMLAnchorElement | null) ?? null;
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
    return;
  event.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
}
