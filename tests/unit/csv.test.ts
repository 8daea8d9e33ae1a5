import { describe, expect, it } from 'vitest';
import { csvDataset, parseCsvPoints } from '../../src/core/data/csv';
import { loadDataset } from '../../src/core/data/registry';
import { nodeDataSources } from '../../src/node/mnist-file';
import { config } from './helpers';

const ok = (text: string) => {
  const r = parseCsvPoints(text, 'points.csv');
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r;
};
const errorsOf = (text: string) => {
  const r = parseCsvPoints(text, 'points.csv');
  if (r.ok) throw new Error('expected the file to be rejected');
  return r.errors;
};

const grid = (n: number, label = (i: number) => i % 2) =>
  Array.from({ length: n }, (_, i) => `${i * 0.5},${-i},${label(i)}`).join('\n');

describe('parseCsvPoints accepts', () => {
  it('plain rows, with or without a header, in any common separator', () => {
    const expected = [
      [0, 0, 0],
      [0.5, -1, 1],
      [1, -2, 0],
      [1.5, -3, 1],
    ];
    expect(ok(grid(4)).points).toEqual(expected);
    expect(ok('x1,x2,label\n' + grid(4)).points).toEqual(expected);
    expect(ok(grid(4).replaceAll(',', ';')).points).toEqual(expected);
    expect(ok(grid(4).replaceAll(',', '\t')).points).toEqual(expected);
    expect(ok(grid(4).replaceAll(',', '  ')).points).toEqual(expected);
    // Windows line ends, a byte-order mark, quotes, blank lines and a trailing separator.
    expect(
      ok('\uFEFF"x","y","label"\r\n\r\n"0","0","0"\r\n0.5,-1,1,\r\n1,-2,0\r\n1.5,-3,1\r\n').points,
    ).toEqual(expected);
  });

  it('decimal commas with semicolons, and a label column named anywhere', () => {
    expect(ok('0,5;1,25;1\n1;2;0\n3;4;1\n5;6;0').points[0]).toEqual([0.5, 1.25, 1]);
    const r = ok('class,a,b\n1,0.5,7\n0,1,2\n1,3,4\n0,5,6');
    expect(r.points[0]).toEqual([0.5, 7, 1]);
    expect(r.warnings.join()).toMatch(/label is read from column 1 \("class"\)/);
  });

  it('labels other than 0..k-1, renumbered with a warning', () => {
    const r = ok(grid(6, (i) => (i % 3 === 0 ? -1 : i % 3 === 1 ? 3 : 7)));
    expect(r.points.map((p) => p[2])).toEqual([0, 1, 2, 0, 1, 2]);
    expect(r.warnings).toEqual(['labels -1, 3, 7 were renumbered to 0, 1, 2']);
    expect(ok(grid(4)).warnings).toEqual([]);
  });
});

describe('parseCsvPoints rejects, saying what is wrong', () => {
  it('an empty file', () => {
    expect(errorsOf('')[0]).toMatch(/points\.csv is empty/);
    expect(errorsOf(' \n\n ')[0]).toMatch(/is empty/);
  });

  it('a wrong number of columns, with the line number', () => {
    const errors = errorsOf('x1,x2,label\n0,0,0\n1,1\n2,2,1\n3,3,0,9\n');
    expect(errors).toEqual([
      'line 3: 2 values; expected 3 (x1, x2, label) separated by comma',
      'line 5: 4 values; expected 3 (x1, x2, label) separated by comma',
    ]);
    expect(errorsOf('a,b\n1,2\n3,4\n5,6\n7,8')[0]).toMatch(/line 1: the header has 2 columns/);
  });

  it('NaN, infinite, empty and non-numeric values, naming the column', () => {
    const errors = errorsOf('0,0,0\n1,NaN,1\n2,abc,0\n1e999,3,1\n4,,0\n5,5,x\n');
    expect(errors).toEqual([
      'line 2: x2 is "NaN", not a number',
      'line 3: x2 is "abc", not a number',
      'line 4: x1 is 1e999, too large to be a finite number',
      'line 5: x2 is empty',
      'line 6: label is "x", not a number',
    ]);
  });

  it('labels that are not whole numbers', () => {
    expect(errorsOf('0,0,0\n1,1,1.5\n2,2,0\n3,3,1')).toEqual([
      'line 2: label 1.5 is not a whole number (labels name classes: 0, 1, 2, …)',
    ]);
  });

  it('a single class, too many classes, too few and too many points', () => {
    expect(errorsOf(grid(10, () => 4))).toEqual([
      'all 10 points have the label 4: at least two classes are needed to train',
    ]);
    expect(errorsOf(grid(30, (i) => i % 11))[0]).toMatch(/^11 different labels .*at most 10 classes/);
    expect(errorsOf(grid(3))).toEqual(['points.csv has only 3 points; at least 4 are needed']);
    expect(errorsOf(grid(20001))).toEqual(['points.csv has 20,001 points; at most 20,000 are allowed']);
    expect(ok(grid(20000)).points).toHaveLength(20000);
  });

  it('lists the first problems and counts the rest', () => {
    const errors = errorsOf(['0,0,0', ...Array.from({ length: 20 }, (_, i) => `${i},oops,1`)].join('\n'));
    expect(errors).toHaveLength(9);
    expect(errors[8]).toBe('… and 12 more lines with problems');
  });
});

describe('csvDataset', () => {
  const points = ok(grid(100, (i) => i % 3)).points;

  it('splits the points by the seed and never clips them', async () => {
    const cfg = config({ data: { kind: 'csv', name: 'mine.csv', points, testFraction: 0.25 } });
    const d = await loadDataset(cfg, nodeDataSources);
    expect(d.name).toBe('mine.csv (100 points, 3 classes)');
    expect([d.yTrain.length, d.yTest.length]).toEqual([75, 25]);
    expect(d.numClasses).toBe(3);
    expect(d.inputRange).toBeNull();
    // Every point lands in exactly one part, unchanged.
    const seen = [
      ...Array.from({ length: 75 }, (_, i) => [d.xTrain[2 * i], d.xTrain[2 * i + 1], d.yTrain[i]]),
    ];
    for (let i = 0; i < 25; i++) seen.push([d.xTest[2 * i], d.xTest[2 * i + 1], d.yTest[i]]);
    const key = (p: number[]) => p.join(' ');
    expect(seen.map(key).sort()).toEqual(points.map(key).sort());
    // Same seed, same split; another seed, another split.
    if (cfg.data.kind !== 'csv') throw new Error('csv config expected');
    expect(csvDataset(cfg.data, cfg.seed).yTest).toEqual(d.yTest);
    expect(Array.from(csvDataset(cfg.data, cfg.seed + 1).xTest)).not.toEqual(Array.from(d.xTest));
  });
});
