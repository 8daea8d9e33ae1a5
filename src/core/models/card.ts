/**
 * A model's card: the config section that picks it (`kind` and its settings, a zod schema with help texts),
 * its name, where it is documented and which data it takes. Pure data, read by the UI thread and the config
 * schema; the builders live in ./registry.ts. Adding a model: one card in ./cards, one line in ./cards.ts.
 */
import type { z } from 'zod';
import type { DocRef } from '../doc-ref';

/** The inputs a model takes: flat 2-D points (moons, CSV) or images (MNIST). */
export type ModelInput = 'points' | 'images';

export interface ModelCard<Kind extends string = string, Schema extends z.ZodObject = z.ZodObject> {
  kind: Kind;
  /** Short name for menus. */
  label: string;
  docs: DocRef;
  /** The data it fits. */
  inputs: readonly ModelInput[];
  /** Its config section, `{ kind: '<kind>', … }` with defaults and help texts. */
  schema: Schema;
}
