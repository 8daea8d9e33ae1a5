// Seeded generators of malformed (and some well-formed) share links and run bundles for the fuzz journey.
// Every case has a name (its class and number), what a correct lab does with it ('clean': loads without a
// message, fields as the link says; 'message': a plain-language message), and for links the values the
// controls must then show.
import LZString from 'lz-string';

/** mulberry32: a small seeded generator, so every run of the journey tries the same cases. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, int, pick };
}

/** Markers a hostile payload sets if anything from it ever runs. */
const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  'javascript:window.__pwned=3',
  '"><svg onload="window.__pwned=4">',
  "'-alert(window.__pwned=5)-'",
  '{{constructor.constructor("window.__pwned=6")()}}',
];

const enc = encodeURIComponent;
const plain = (pairs) => `#v1${pairs.map(([k, v]) => `&${k}=${enc(String(v))}`).join('')}`;

/** A valid random configuration as plain pairs, and the controls that must show it. */
function validLink(r) {
  const pairs = [];
  const fields = {};
  const set = (key, v, testId, shown = String(v)) => {
    pairs.push([key, v]);
    if (testId) fields[testId] = shown;
  };
  set('seed', r.int(1, 99999), 'seed');
  const mnist = r.next() < 0.12;
  if (mnist) {
    set('data.kind', 'mnist', 'dataset-kind');
    set('data.trainSize', r.int(100, 400), 'mnist-train');
    set('data.testSize', r.int(100, 200), 'mnist-test');
    if (r.next() < 0.5) set('model.kind', 'cnn');
  } else {
    if (r.next() < 0.5) set('data.kind', 'moons', 'dataset-kind');
    if (r.next() < 0.7) set('data.n', r.int(20, 1500), 'moons-n');
    if (r.next() < 0.5) set('data.noise', r.pick([0, 0.05, 0.1, 0.2, 0.35]), 'moons-noise');
    if (r.next() < 0.5) {
      const hidden = Array.from({ length: r.int(0, 3) }, () => r.int(1, 48));
      set(
        'model.hidden',
        hidden.join(',') + (hidden.length <= 1 ? ',' : ''),
        'hidden-widths',
        hidden.join(', '),
      );
    }
    if (r.next() < 0.5) set('model.activation', r.pick(['relu', 'tanh', 'elu']), 'activation');
  }
  const sgd = r.next() < 0.4;
  if (sgd) set('optimizer.kind', 'sgd', 'optimizer');
  if (r.next() < 0.7) set('optimizer.lr', r.pick([0.001, 0.003, 0.01, 0.05, 0.1, 1]), 'lr');
  if (sgd && r.next() < 0.5) set('optimizer.momentum', r.pick([0, 0.5, 0.9]), 'momentum');
  if (r.next() < 0.5) set('training.epochs', r.int(1, 200), 'epochs');
  if (r.next() < 0.5) set('training.batchSize', r.pick([8, 16, 32, 64, 128]), 'batch-size');
  if (r.next() < 0.3) set('training.method', r.pick(['standard', 'pgd-at', 'trades', 'fgsm-at']), 'method');
  if (r.next() < 0.2) set('backend', r.pick(['auto', 'wasm', 'cpu']), 'backend-select');
  return { hash: plain(pairs), fields };
}

/** Number settings with their allowed range, to step outside it. */
const SETTINGS = [
  ['seed', 1, 2147483647],
  ['data.n', 20, 20000],
  ['data.noise', 0, 1],
  ['data.testFraction', 0.05, 0.9],
  ['optimizer.lr', 1e-6, 10],
  ['optimizer.momentum', 0, 0.999],
  ['optimizer.weightDecay', 0, 0.1],
  ['training.epochs', 1, 1000],
  ['training.batchSize', 1, 4096],
  ['attack.epsilon', 0, 10],
  ['attack.steps', 1, 200],
  ['landscape.span', 0.01, 10],
  ['lsa.eta', -10, 10],
  ['robustEval.testSize', 1, 10000],
];
const outOfRange = (r, [, min, max]) =>
  String(r.pick([max * 10, max + 1, 1e308, min - 1, min - 1e6, -1e308, max === 1 ? 100 : 1e12]));
const NOT_NUMBERS = [
  'abc',
  'Infinity',
  '-Infinity',
  'NaN',
  'true',
  'null',
  '1e',
  '0x10',
  '½',
  '1,2,3',
  '[1]',
  '1.2.3',
];
const WORD_SETTINGS = [
  'data.kind',
  'model.kind',
  'model.activation',
  'optimizer.kind',
  'training.method',
  'backend',
  'attack.norm',
];

/** ≥ 200 share links: the classes a user can paste, mistype, truncate or be sent. */
export function generateLinks(seed, count = 220) {
  const r = rng(seed);
  const cases = [];
  const add = (cls, hash, expect, fields = {}) =>
    cases.push({ name: `${cls}-${cases.length}`, hash, expect, fields });

  // Named regressions first (each a case from the bug report).
  add('combo-mnist-alone', '#v1&data.kind=mnist', 'clean', {
    'dataset-kind': 'mnist',
    'model-preset': 'cnn-fast',
  });
  add('combo-cnn-alone', '#v1&model.kind=cnn', 'message', {
    'dataset-kind': 'mnist',
    'model-preset': 'cnn-fast',
  });
  add('combo-mnist-mlp', '#v1&data.kind=mnist&model.kind=mlp&model.hidden=16,16', 'message', {
    'dataset-kind': 'mnist',
    'model-preset': 'cnn-fast',
  });
  add('combo-moons-cnn', '#v1&data.kind=moons&model.kind=cnn&model.preset=lsa-b', 'message', {
    'dataset-kind': 'moons',
    'model-preset': 'mlp-fast',
  });
  add('range-lr-100', '#v1&optimizer.lr=100', 'message', { lr: '10' });
  add('range-epochs-1e308', '#v1&training.epochs=1e308', 'message', { epochs: '1000' });
  add('type-seed-infinity', '#v1&seed=Infinity', 'message');
  add('version-2', '#v2&seed=3', 'message');
  add('kind-missing-data', '#v1.c=' + LZString.compressToEncodedURIComponent('{"data":{"n":50}}'), 'clean', {
    'moons-n': '50',
  });
  add('empty-settings', '#v1&', 'clean');
  add('duplicate-seed', '#v1&seed=4&seed=9', 'message');

  const generators = [
    ['valid', 0.3, () => validLink(r)],
    [
      'range',
      0.1,
      () => {
        const setting = r.pick(SETTINGS);
        return { hash: plain([[setting[0], outOfRange(r, setting)]]) };
      },
    ],
    ['type', 0.1, () => ({ hash: plain([[r.pick(SETTINGS)[0], r.pick(NOT_NUMBERS)]]) })],
    [
      'word',
      0.08,
      () => ({
        hash: plain([[r.pick(WORD_SETTINGS), r.pick(['', 'foo', 'MNIST', 'Moons', 'rms', ' relu', '1'])]]),
      }),
    ],
    [
      'combo',
      0.07,
      () => ({
        hash: plain([
          ['data.kind', r.pick(['mnist', 'moons', 'csv'])],
          ['model.kind', r.pick(['mlp', 'cnn'])],
          ...(r.next() < 0.5 ? [['model.preset', r.pick(['small', 'lsa-b', 'huge'])]] : []),
          ...(r.next() < 0.5 ? [['model.hidden', `${r.int(1, 64)},${r.int(1, 64)}`]] : []),
        ]),
        combo: true,
      }),
    ],
    [
      'keys',
      0.07,
      () => ({
        hash: r.pick([
          '#v1&bogus=1',
          '#v1&optimizer.bogus.deeper=2',
          '#v1&__proto__.polluted=1',
          '#v1&constructor.prototype.polluted=1',
          '#v1&data=5&data.n=30',
          '#v1&a..b=1',
          '#v1&seed',
          '#v1&=3',
          '#v1&seed=1&seed=2&seed=3',
          `#v1&${'x'.repeat(300)}=1`,
          `#v1${Array.from({ length: 400 }, (_, i) => `&k${i}=${i}`).join('')}`,
          '#v1&model.hidden=1,2,3,4,5,6,7,8,9,10',
          '#v1&model.hidden=3,x,5',
          '#v1&landscape.splits=',
          '#v1&atlr.layers=x',
        ]),
      }),
    ],
    [
      'encoding',
      0.06,
      () => ({
        hash: r.pick([
          '#v1&seed=%E0%A4%A',
          '#v1&seed=%%',
          '#v1&data.kind=%F0%9F%98%80',
          '#v1&optimizer.lr=0%2E01%00',
          `#v1&data.kind=${'a'.repeat(20000)}`,
          '#v1&seed=%0A%0Dx5',
          '#v1&training.method=%u0041',
        ]),
      }),
    ],
    [
      'version',
      0.05,
      () => ({
        hash: r.pick([
          '#v0&seed=3',
          '#v999999&seed=3',
          '#v1.5',
          '#V1&seed=3',
          '#v',
          '#vv1',
          '#v-1&seed=2',
          '#v1x',
        ]),
      }),
    ],
    [
      'compressed',
      0.07,
      () => {
        const payloads = [
          '[1,2,3]',
          '"text"',
          'null',
          '{"seed":"7"}',
          '{"data":{"kind":"mnist"},"model":{"kind":"mlp"}}',
          '{"optimizer":{"lr":1e400}}',
          '{"training":{"epochs":-3,"batchSize":"x"},"seed":[]}',
          '{"__proto__":{"polluted":1},"seed":3}',
          '{"data":{"kind":"csv","points":[[0,0,0]]}}',
          '{"data":{"kind":"csv","points":[[0,0,0],[1,1,1],[0,1,0],[1,0,1],[NaN,1,0]]}}',
          `{"model":{"hidden":[${Array.from({ length: 50 }, () => 4).join(',')}]}}`,
          '{"version":2,"seed":4}',
          '{not json',
        ];
        const p = r.pick(payloads);
        const full = LZString.compressToEncodedURIComponent(p);
        return { hash: `#v1.c=${r.next() < 0.2 ? full.slice(0, Math.max(2, full.length >> 1)) : full}` };
      },
    ],
    [
      'hostile',
      0.06,
      () => ({ hash: plain([[r.pick([...WORD_SETTINGS, 'seed', 'data.name']), r.pick(HOSTILE)]]) }),
    ],
    [
      'lesson',
      0.03,
      () => ({
        hash: r.pick([
          '#lesson=awp-in-6-steps&step=compare',
          '#lesson=nope',
          '#lesson=awp-in-6-steps&step=nope',
          '#lesson=../../etc',
          `#lesson=${enc(HOSTILE[0])}`,
        ]),
      }),
    ],
    [
      'bytes',
      0.04,
      () => ({
        hash: `#${Array.from({ length: r.int(1, 80) }, () => String.fromCharCode(r.int(33, 126)))
          .join('')
          .replace(/#/g, '')}`,
      }),
    ],
  ];
  const total = generators.reduce((s, g) => s + g[1], 0);
  while (cases.length < count) {
    let u = r.next() * total;
    const [cls, , make] = generators.find((g) => (u -= g[1]) < 0) ?? generators[0];
    const made = make();
    const cleanLesson = made.hash === '#lesson=awp-in-6-steps&step=compare';
    const expect =
      made.expect ?? (cls === 'valid' || cleanLesson ? 'clean' : cls === 'combo' ? 'either' : 'message');
    add(cls, made.hash, expect, made.fields ?? {});
  }
  return cases;
}

const clone = (x) => structuredClone(x);
const firstKernel = (b) => b.parameters.final.findIndex((t) => t.shape.length >= 2);

/** ≥ 50 run bundles derived from a real one (`base`, moons) by seeded mutations. */
export function generateBundles(seed, base, count = 60) {
  const r = rng(seed);
  const cases = [];
  const add = (cls, content, expect, fileName) =>
    cases.push({
      name: `${cls}-${cases.length}`,
      fileName: fileName ?? `${cls}-${cases.length}.json`,
      content: typeof content === 'string' ? content : JSON.stringify(content),
      expect,
    });
  const mutate = (fn) => {
    const b = clone(base);
    fn(b);
    return b;
  };
  const setAll = (v) => (b) => b.parameters.final.forEach((t) => (t.values = t.values.map(() => v)));

  // Named regressions: the overflowing bundle from the bug report, then the files that got no reaction after it.
  add('overflow-1e38-all', mutate(setAll(1e38)), 'message');
  add(
    'shape-wrong',
    mutate((b) => (b.parameters.final[0].shape = [3, 3])),
    'message',
  );
  add(
    'values-short',
    mutate((b) => b.parameters.final[0].values.pop()),
    'message',
  );
  add(
    'tensor-missing',
    mutate((b) => b.parameters.final.pop()),
    'message',
  );
  add('faithful-base', base, 'clean');

  add(
    'overflow-1e30-kernel',
    mutate(
      (b) =>
        (b.parameters.final[firstKernel(b)].values = b.parameters.final[firstKernel(b)].values.map(
          () => 1e30,
        )),
    ),
    'either',
  );
  // Every output weight 1e38: the logits are huge but equal, so the probabilities (½, ½) stay finite.
  add(
    'huge-output-weights',
    mutate((b) => (b.parameters.final.at(-2).values = b.parameters.final.at(-2).values.map(() => 1e38))),
    'either',
  );
  // Every weight 1e38 from the second layer on (the first layer as trained): the logits overflow to ±∞.
  add(
    'overflow-deep',
    mutate((b) => b.parameters.final.slice(2).forEach((t) => (t.values = t.values.map(() => 1e38)))),
    'message',
  );
  add(
    'overflow-float32',
    mutate((b) => (b.parameters.final[0].values[0] = 1e39)),
    'message',
  );
  add('overflow-neg', mutate(setAll(-3e38)), 'message');
  add(
    'overflow-snapshot',
    mutate((b) => b.parameters.snapshots && (b.parameters.snapshots[0].values[0][0] = 5e38)),
    'message',
  );
  add(
    'overflow-metrics',
    mutate((b) => (b.metrics[0].trainLoss = 1e308)),
    'message',
  );
  add(
    'large-metrics',
    mutate((b) => (b.metrics[0].trainLoss = 1e38)),
    'clean',
  );
  add('not-json', '{"format": "basin-run", "version": 1, "config": ', 'message');
  add('empty-file', '', 'message');
  add('json-null', 'null', 'message');
  add('json-array', '[]', 'message');
  add('json-number', '42', 'message');
  add('deep-nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'message');
  add('other-json', { hello: 'world' }, 'message');
  add(
    'future',
    mutate((b) => (b.version = 99)),
    'message',
  );
  add(
    'version-string',
    mutate((b) => (b.version = '1')),
    'message',
  );
  add(
    'format-missing',
    mutate((b) => delete b.format),
    'message',
  );
  add(
    'config-mnist-mlp',
    mutate((b) => (b.config.data = { kind: 'mnist', trainSize: 100, testSize: 100 })),
    'message',
  );
  add(
    'config-cnn-moons',
    mutate((b) => (b.config.model = { kind: 'cnn', preset: 'small' })),
    'message',
  );
  add(
    'config-lr-1e6',
    mutate((b) => (b.config.optimizer.lr = 1e6)),
    'message',
  );
  add(
    'config-unknown-method',
    mutate((b) => (b.config.training.method = 'magic')),
    'message',
  );
  add(
    'config-string-seed',
    mutate((b) => (b.config.seed = 'Infinity')),
    'message',
  );
  add(
    'values-strings',
    mutate((b) => (b.parameters.final[0].values = b.parameters.final[0].values.map(String))),
    'message',
  );
  add(
    'values-null',
    mutate((b) => (b.parameters.final[1].values[0] = null)),
    'message',
  );
  add(
    'values-nested',
    mutate((b) => (b.parameters.final[0].values = [b.parameters.final[0].values])),
    'message',
  );
  add(
    'tensor-extra',
    mutate((b) => b.parameters.final.push(clone(b.parameters.final[0]))),
    'message',
  );
  add(
    'tensor-renamed',
    mutate((b) => (b.parameters.final[0].name = 'other/kernel')),
    'message',
  );
  add(
    'paramcount',
    mutate((b) => (b.model.paramCount += 1)),
    'message',
  );
  add(
    'labels-range',
    mutate((b) => (b.data.train.y[0] = 7)),
    'message',
  );
  add(
    'rows-short',
    mutate((b) => (b.data.test.x[0] = [1])),
    'message',
  );
  add(
    'labels-short',
    mutate((b) => b.data.train.y.pop()),
    'message',
  );
  add(
    'classes-one',
    mutate((b) => (b.data.numClasses = 1)),
    'message',
  );
  add(
    'epoch-negative',
    mutate((b) => (b.parameters.epoch = -1)),
    'message',
  );
  add(
    'epoch-past-metrics',
    mutate((b) => (b.parameters.epoch = 50)),
    'message',
  );
  add(
    'metrics-order',
    mutate((b) => b.metrics.reverse()),
    'message',
  );
  add(
    'metrics-acc-5',
    mutate((b) => (b.metrics[0].testAcc = 5)),
    'message',
  );
  add(
    'metrics-missing-field',
    mutate((b) => delete b.metrics[0].testLoss),
    'message',
  );
  add(
    'analysis-unknown',
    mutate((b) => b.analyses.push({ id: 'magic', epoch: 1, settings: {}, result: {} })),
    'either',
  );
  add(
    'analysis-garbage',
    mutate((b) => b.analyses.push({ id: 'landscape-1d', epoch: 1, settings: 7, result: 'x' })),
    'either',
  );
  add('proto-keys', `{"__proto__":{"polluted":1},${JSON.stringify(base).slice(1)}`, 'clean');
  add('hostile-filename', base, 'clean', `${HOSTILE[0]}.json`);
  add(
    'hostile-dataset-name',
    mutate((b) => (b.data.name = HOSTILE[1])),
    'either',
  );
  add(
    'hostile-param-name',
    mutate((b) => (b.parameters.final[0].name = b.model.params[0].name = HOSTILE[3])),
    'either',
  );
  add(
    'hostile-config-value',
    mutate((b) => (b.config.model.activation = HOSTILE[0])),
    'message',
  );
  add(
    'snapshots-shape',
    mutate((b) => b.parameters.snapshots?.[0].values.pop()),
    'message',
  );
  add(
    'huge-number-config',
    mutate((b) => (b.config.training.epochs = 1e308)),
    'message',
  );

  // Random mutations: a random leaf replaced by a random value.
  const leaves = [];
  const walk = (v, path) => {
    if (path.length > 6) return;
    if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, [...path, k]));
    else leaves.push(path);
  };
  walk(base, []);
  const VALUES = [null, -1, 0, 1e38, -1e308, 'x', '', true, [], {}, 3.5, HOSTILE[1]];
  while (cases.length < count) {
    const path = r.pick(leaves);
    const v = r.pick(VALUES);
    const b = clone(base);
    let cur = b;
    for (const k of path.slice(0, -1)) cur = cur[k];
    cur[path[path.length - 1]] = v;
    add(`random-${path.join('.')}=${JSON.stringify(v)}`.slice(0, 80), b, 'either');
  }
  return cases;
}
