import { supabase } from './supabase'
import { unwrap } from './errors'
import type { AppConfig, AreaSettings } from '@/lib/appConfig'

/** The area's settings, the database's rules and the themes, in one request (app_config()). */
export async function fetchAppConfig(): Promise<AppConfig> {
  return unwrap(await supabase.rpc('app_config')) as unknown as AppConfig
}

export type SettingsChange = Omit<AreaSettings, 'updated_at'>

/** Admins only (aal2): the database checks the role, the contrast and the bounds. */
export async function saveAreaSettings(change: SettingsChange): Promise<void> {
  unwrap(await supabase.from('area_settings').update(change).eq('id', true).select('id').single())
}
