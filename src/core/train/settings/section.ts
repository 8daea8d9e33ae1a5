/**
 * A settings section a training method reads: the config key it lives under and its zod schema (defaults,
 * ranges and the help text of every field, via `.describe`). A card lists its sections (`settings`); the
 * config schema gets one section per key from the cards (src/core/config.ts), and the controls draw a
 * method's sections from its card. Pure data: no tfjs, no engine.
 */
import { z } from 'zod';

export interface SettingsSection<Key extends string = string, Schema extends z.ZodObject = z.ZodObject> {
  key: Key;
  schema: Schema;
}

/** A section under `key`, the type keeping both for the config's type. */
export const settingsSection = <const Key extends string, Schema extends z.ZodObject>(
  key: Key,
  schema: Schema,
): SettingsSection<Key, Schema> => ({ key, schema });
