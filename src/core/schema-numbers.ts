/** The number fields of the config's zod schemas: a value in [min, max], `def` when absent. */
import { z } from 'zod';

/** A whole number in [min, max], `def` when absent. */
export const int = (min: number, max: number, def: number) => z.number().int().min(min).max(max).default(def);
/** A number in [min, max], `def` when absent. */
export const num = (min: number, max: number, def: number) => z.number().min(min).max(max).default(def);
