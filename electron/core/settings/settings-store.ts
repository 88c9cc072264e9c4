import type { Kysely } from 'kysely';
import { settings as settingsSchema, type Settings } from '../../../shared/contract/schemas/settings';
import type { Database } from '../db/schema';
import { DEFAULT_SETTINGS } from './defaults';

/**
 * Effective settings: defaults overlaid by the `settings` table (one JSON value per top-level key).
 * Read once at start and after every change, so hot paths read a plain object.
 */
export async function createSettingsStore(db: Kysely<Database>, overrides: Partial<Settings> = {}) {
  let current = await load();

  async function load(): Promise<Settings> {
    const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
    const stored: Record<string, unknown> = {};
    for (const row of rows) stored[row.key] = JSON.parse(row.value);
    const merged = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored, ...overrides });
    if (!merged.success) {
      throw new Error(`stored settings are invalid: ${merged.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return merged.data;
  }

  async function set<K extends keyof Settings>(key: K, value: Settings[K], now: number): Promise<Settings> {
    settingsSchema.parse({ ...current, [key]: value });
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
      .execute();
    current = await load();
    return current;
  }

  return { get: (): Settings => current, set };
}

export type SettingsStore = Awaited<ReturnType<typeof createSettingsStore>>;
