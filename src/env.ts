/** The settings in effect: the build's `VITE_*` (`import.meta.env` is read here and nowhere else) under /config.json. */
import { fetchConfigJson, settingsFrom } from './runtime-config.ts'
import type { SettingsResult } from './settings.ts'

export async function loadSettings(): Promise<SettingsResult> {
  const metaPolicy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')
  return settingsFrom(import.meta.env, await fetchConfigJson(), window.location.origin, metaPolicy ?? undefined)
}
