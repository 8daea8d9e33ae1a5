import { describe, expect, it } from 'vitest';
import { PICTURE, QUESTIONS } from '../../src/app/layout/panel-groups';
import { PANELS } from '../../src/app/panels/registry';
import { qrPath } from '../../src/app/presenter/QrCode';
import { readRoute, routeHash } from '../../src/app/shell/useHashRoute';
import { defaultConfig } from '../../src/core/config';
import { LESSONS } from '../../src/core/lessons/registry';

const at = (href: string) => {
  const url = new URL(href);
  return readRoute({ href, hash: url.hash, search: url.search });
};

describe('the layout groups the registered panels', () => {
  it('names only panels the registry has, each in one place', () => {
    const registered = new Set(PANELS.map((p) => p.id));
    const placed = [...PICTURE, ...QUESTIONS.flatMap((q) => q.panels)];
    expect(placed.filter((id) => !registered.has(id))).toEqual([]);
    expect(new Set(placed).size).toBe(placed.length);
  });
});

describe('the route a link opens', () => {
  it('a readable link with hide= and ?embed', () => {
    const route = at('https://host/sub/?embed=curves#seed=4&epochs=7&hide=settings,metrics');
    expect(route.config.seed).toBe(4);
    expect(route.config.training.epochs).toBe(7);
    expect(route.hide).toEqual(['settings', 'metrics']);
    expect(route.embed).toBe('curves');
    expect(route.lesson).toBeNull();
    expect(route.warnings).toEqual([]);
    expect(routeHash(route)).toBe('#seed=4&epochs=7&hide=settings,metrics');
  });

  it('a lesson step with hide=, written back as the same link', () => {
    const lesson = Object.values(LESSONS)[0];
    const step = lesson.steps[1];
    const route = at(`https://host/#lesson=${lesson.id}&step=${step.id}&hide=runs`);
    expect(route.lesson?.index).toBe(1);
    expect(route.hide).toEqual(['runs']);
    expect(route.embed).toBeNull();
    expect(routeHash(route)).toBe(`#lesson=${lesson.id}&step=${step.id}&hide=runs`);
  });

  it('no hash: the defaults, nothing hidden', () => {
    const route = at('https://host/');
    expect(route.config).toEqual(defaultConfig());
    expect(route).toMatchObject({ hide: [], embed: null, lesson: null, warnings: [] });
  });
});

describe('the QR code of a step link', () => {
  it('is square with the three finder patterns (7×7 rings) in its corners', () => {
    const { size, d } = qrPath('https://example.org/basin/#lesson=awp-in-6-steps&step=compare');
    const dark = new Set([...d.matchAll(/M(\d+) (\d+)/g)].map((m) => `${m[1]},${m[2]}`));
    expect((size - 17) % 4).toBe(0); // versions are 21, 25, 29, … modules wide
    for (const [x0, y0] of [
      [0, 0],
      [size - 7, 0],
      [0, size - 7],
    ])
      for (let i = 0; i < 7; i++) {
        // A dark 7×7 border, a light ring inside it (row and column 1), a dark 3×3 centre.
        expect(dark.has(`${x0 + i},${y0}`)).toBe(true);
        expect(dark.has(`${x0},${y0 + i}`)).toBe(true);
        expect(dark.has(`${x0 + i},${y0 + 6}`)).toBe(true);
        if (i >= 1 && i <= 5) expect(dark.has(`${x0 + i},${y0 + 1}`)).toBe(false);
        if (i >= 2 && i <= 4) expect(dark.has(`${x0 + i},${y0 + 3}`)).toBe(true);
      }
  });
});
