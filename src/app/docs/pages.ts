/**
 * The documentation pages the lab shows (docs/methods/*.md and docs/engine-notes.md), as data: titles and
 * section anchors for links and labels, and a loader per page. The markdown itself is imported lazily
 * (`?raw`), so no page is in the initial bundle. A unit test checks the sections against the files.
 */

import { DOC_PAGE_IDS, type DocPageId, type DocRef } from '../../core/doc-ref';

export { DOC_PAGE_IDS, type DocPageId, type DocRef };

export interface DocPage {
  id: DocPageId;
  /** Short title for menus and link labels. */
  title: string;
  /** The file in the repository. */
  path: string;
  /** Section anchors (levels 2 and 3) and their headings. */
  sections: Record<string, string>;
  load(): Promise<string>;
}

const raw = (m: { default: string }) => m.default;

export const DOC_PAGES: Record<DocPageId, DocPage> = {
  methods: {
    id: 'methods',
    title: 'Methods overview',
    path: 'docs/methods/README.md',
    sections: { 'how-sure-we-are': 'How sure we are' },
    load: () => import('../../../docs/methods/README.md?raw').then(raw),
  },
  landscapes: {
    id: 'landscapes',
    title: 'Loss landscapes',
    path: 'docs/methods/landscapes.md',
    sections: {
      'random-directions': 'Random directions',
      'filter-normalisation': 'Filter normalisation',
      'where-the-filter-axis-is': 'Where the filter axis is',
      '1-d-curves': '1-D curves',
      '2-d-surfaces': '2-D surfaces',
      'interpolation-between-two-models': 'Interpolation between two models',
      'optimisation-trajectory': 'Optimisation trajectory',
      sharpness: 'Sharpness',
      'how-the-points-are-evaluated': 'How the points are evaluated',
      'robust-landscapes': 'Robust landscapes',
    },
    load: () => import('../../../docs/methods/landscapes.md?raw').then(raw),
  },
  corruption: {
    id: 'corruption',
    title: 'Parameter corruption',
    path: 'docs/methods/corruption.md',
    sections: {
      'the-indicator': 'The indicator',
      'one-step-corruption': 'One-step corruption',
      'random-baseline': 'Random baseline',
      'per-layer-indicator': 'Per-layer indicator',
      budgets: 'Budgets',
      'multi-step-corruption': 'Multi-step corruption',
      'acr-training': 'ACR training',
      'apd-training': 'APD training',
      figures: 'Figures',
    },
    load: () => import('../../../docs/methods/corruption.md?raw').then(raw),
  },
  awp: {
    id: 'awp',
    title: 'AWP',
    path: 'docs/methods/awp.md',
    sections: {
      'the-objective': 'The objective',
      'the-update': 'The update',
      'multi-step-variant': 'Multi-step variant',
      'random-weight-perturbation': 'Random weight perturbation',
      'global-perturbation-sam': 'Global perturbation (SAM)',
      'robust-landscape': 'Robust landscape',
      'numbers-to-expect': 'Numbers to expect',
    },
    load: () => import('../../../docs/methods/awp.md?raw').then(raw),
  },
  lsa: {
    id: 'lsa',
    title: 'LSA and AT-LR',
    path: 'docs/methods/lsa.md',
    sections: {
      probes: 'Probes',
      'relative-error': 'Relative error',
      'most-vulnerable-layers': 'Most vulnerable layers',
      'lsa-and-at-lr': 'LSA and AT-LR',
      'rg-score': 'R&G score',
      'models-a-and-b': 'Models A and B',
      figures: 'Figures',
    },
    load: () => import('../../../docs/methods/lsa.md?raw').then(raw),
  },
  awnet: {
    id: 'awnet',
    title: 'AW-Net',
    path: 'docs/methods/awnet.md',
    sections: {
      'what-the-paper-states': 'What the paper states',
      'why-the-weights-differ': 'Why the weights differ',
      'the-design': 'The design',
      'weight-varied-layers': 'Weight-varied layers',
      'the-router': 'The router',
      training: 'Training',
      metrics: 'Metrics',
      'measured-on-moons': 'Measured on moons',
      'the-router-in-the-attacked-graph': 'The router in the attacked graph',
      'where-it-lives': 'Where it lives',
    },
    load: () => import('../../../docs/methods/awnet.md?raw').then(raw),
  },
  attacks: {
    id: 'attacks',
    title: 'Input attacks',
    path: 'docs/methods/attacks.md',
    sections: {
      'data-range': 'Data range',
      fgsm: 'FGSM',
      'fgsm-with-a-random-start': 'FGSM with a random start',
      'pgd-l-inf': 'PGD (L-inf)',
      'pgd-l2': 'PGD (L2)',
      trades: 'TRADES',
      'statistical-noise': 'Statistical noise',
      defaults: 'Defaults',
    },
    load: () => import('../../../docs/methods/attacks.md?raw').then(raw),
  },
  'engine-notes': {
    id: 'engine-notes',
    title: 'Engine notes',
    path: 'docs/engine-notes.md',
    sections: {
      'choosing-a-backend': 'Choosing a backend',
      'wasm-cannot-train-conv-nets': 'wasm cannot train conv nets',
      'webgpu-pitfalls': 'WebGPU pitfalls',
      seeds: 'Seeds',
      'the-webgl-epsilon': 'The WebGL epsilon',
      'webgl-padding-lanes': 'WebGL padding lanes',
      'the-wasm-sign-dead-zone': 'The wasm sign dead zone',
      'no-second-derivatives': 'No second derivatives',
      'batching-over-weights': 'Batching over weights',
      'wasm-kernels-and-threads': 'wasm kernels and threads',
      'landscape-workers': 'Landscape workers',
      'workers-and-vite': 'Workers and Vite',
      plotly: 'Plotly',
      'node-tests': 'Node tests',
      'the-mnist-asset': 'The MNIST asset',
      'backend-traps-we-guard-against': 'Backend traps we guard against',
      architecture: 'Architecture',
      'one-config': 'One config',
      'commands-in-events-out': 'Commands in, events out',
      'one-home-per-run': 'One home per run',
      'seeded-streams': 'Seeded streams',
      'functional-parameters': 'Functional parameters',
      registries: 'Registries',
      'performance-rules': 'Performance rules',
    },
    load: () => import('../../../docs/engine-notes.md?raw').then(raw),
  },
};

const BY_PATH = new Map(Object.values(DOC_PAGES).map((p) => [p.path, p.id]));

/**
 * A repository path with an optional anchor ("docs/methods/awp.md#the-update", as code and help texts cite
 * the pages) or a link between pages, relative to the page it is on ("awp.md#the-update",
 * "../engine-notes.md#seeds", "#defaults"). null if it names no docs page.
 */
export function resolveDocHref(href: string, from?: DocPageId): DocRef | null {
  const [path, anchor] = href.split('#', 2) as [string, string | undefined];
  let full = path;
  if (!path) {
    if (!from) return null;
    full = DOC_PAGES[from].path;
  } else if (from && !path.startsWith('docs/')) {
    const parts = DOC_PAGES[from].path.split('/').slice(0, -1);
    for (const part of path.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '.') parts.push(part);
    }
    full = parts.join('/');
  }
  const page = BY_PATH.get(full.replace(/\/$/, '/README.md'));
  if (!page) return null;
  return anchor ? { page, anchor } : { page };
}

/** "AWP › The update": a page's title and, if given, its section's heading. */
export function docLabel(ref: DocRef): string {
  const page = DOC_PAGES[ref.page];
  const section = ref.anchor && page.sections[ref.anchor];
  return section ? `${page.title} › ${section}` : page.title;
}

/** A docs page cited in a help text: `docs/methods/<page>.md` or `docs/engine-notes.md`, with an anchor. */
export const DOC_CITATION = /docs\/(?:methods\/)?[\w-]+\.md(?:#[\w-]+)?/g;

/**
 * A help text for places that cannot hold a link (tooltips, text inside a button), with every cited page
 * written as the reader finds it in the lab: "see Methods: AWP › The update" (the Methods button opens the
 * pages).
 */
export function readableCitations(text: string): string;
export function readableCitations(text: string | undefined): string | undefined;
export function readableCitations(text: string | undefined): string | undefined {
  return text?.replace(DOC_CITATION, (m) => {
    const ref = resolveDocHref(m);
    return ref ? `see Methods: ${docLabel(ref)}` : m;
  });
}
