import { readFile } from 'node:fs/promises';
import {
  parseSettingsFile,
  readSettings,
  type ServeConfig,
  type ServeFlags,
  type SettingLine,
} from './serve-config.ts';

/** The settings of this process: flags, environment, and the settings file when one is named. */
export async function loadSettings(
  env: Record<string, string | undefined>,
  flags: ServeFlags & { config?: string },
): Promise<{ value: ServeConfig; errors: string[]; lines: SettingLine[]; file: string | null }> {
  const file = flags.config ?? (env.SOUSEI_CONFIG?.trim() || null);
  let values: Record<string, string | undefined> = {};
  const fileErrors: string[] = [];
  if (file) {
    try {
      const parsed = parseSettingsFile(await readFile(file, 'utf8'), file);
      values = parsed.values;
      fileErrors.push(...parsed.errors);
    } catch (err) {
      fileErrors.push(
        `${file}: 設定ファイルを読めません / cannot read the settings file (${(err as Error).message})`,
      );
    }
  }
  const read = readSettings(env, flags, values);
  return { ...read, errors: [...fileErrors, ...read.errors], file };
}
