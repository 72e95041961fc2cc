import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me } from './api/types.ts';
import { type Lang, type MessageKey, translate } from './i18n/catalogue.ts';

export interface AppState {
  lang: Lang;
  setLang: (lang: Lang) => void;
  me: Me | null;
  setMe: (me: Me | null) => void;
}

export const AppContext = createContext<AppState>({
  lang: 'ja',
  setLang: () => {},
  me: null,
  setMe: () => {},
});

/** The app state and a translator for the chosen language. */
export function useApp(): AppState & {
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
} {
  const state = useContext(AppContext);
  return { ...state, t: (key, params) => translate(key, state.lang, params) };
}
