/** The settings of this build: `import.meta.env` is read here and nowhere else. */
import { readSettings, type SettingsResult } from './settings.ts'

export const settingsResult: SettingsResult = readSettings(import.meta.env, window.location.origin)
