/**
 * The documentation pages (docs/methods/*.md, docs/engine-notes.md) by id, and a place in them. Pure data, so
 * the cards of the core (training methods, attacks) can say where they are documented and the app can link it.
 */
export const DOC_PAGE_IDS = [
  'methods',
  'landscapes',
  'corruption',
  'awp',
  'lsa',
  'awnet',
  'attacks',
  'engine-notes',
] as const;
export type DocPageId = (typeof DOC_PAGE_IDS)[number];

/** A place in the docs: a page and, optionally, a section anchor on it. */
export interface DocRef {
  page: DocPageId;
  anchor?: string;
}
