// WCAG AA contrast of the theme tokens, in both themes: every pair the stylesheets draw as text on a
// background needs 4.5:1, every control or chart line against what surrounds it 3:1 (WCAG 2.1, 1.4.3 and
// 1.4.11). The ratio is computed here from the tokens, with the WCAG definition of relative luminance.
import { describe, expect, it } from 'vitest';
import { THEMES, type Theme } from '../../src/app/theme/themes';
import { contrast } from './wcag';

/** [foreground, background, minimum, what]: tokens by name ("--text") or chart colours ("chart.train"). */
const PAIRS: [string, string, number, string][] = [
  ['--text', '--bg', 4.5, 'body text'],
  ['--text', '--surface', 4.5, 'text in panels'],
  ['--text', '--surface-2', 4.5, 'button text'],
  ['--text', '--warn-bg', 4.5, 'warning banners, repair notes'],
  ['--text', '--danger-bg', 4.5, 'error banners, failed panels, blocked Play'],
  ['--muted', '--bg', 4.5, 'tagline, secondary text'],
  ['--muted', '--surface', 4.5, 'field labels, help text'],
  ['--muted', '--surface-2', 4.5, 'disabled button text (shown, though exempt)'],
  ['--muted', '--danger-bg', 4.5, 'what failed, in a failed panel'],
  ['--accent', '--surface', 4.5, 'links and summaries in panels'],
  ['--accent', '--bg', 4.5, 'links on the page'],
  ['--accent-text', '--accent', 4.5, 'Play, badges, the running status'],
  ['--ok-text', '--ok', 4.5, 'the "finished" status'],
  ['--danger-text', '--danger-border', 4.5, 'the "diverged" and "failed" status'],
  ['--warn-text', '--warn-border', 4.5, 'the "unstable" status, the fallback badge'],
  ['--danger-border', '--surface', 4.5, 'a field’s problem text'],
  ['--control-border', '--surface', 3, 'input and select borders'],
  ['--control-border', '--bg', 3, 'input borders on the page'],
  ['--accent', '--surface', 3, 'the Play button against its panel'],
  ['--accent', '--surface-2', 3, 'the progress bar against its track'],
  ['--focus', '--bg', 3, 'the focus ring on the page'],
  ['--focus', '--surface', 3, 'the focus ring in panels'],
  ['--danger-border', '--surface', 3, 'the border of an invalid field'],
  ['chart.text', 'chart.background', 4.5, 'chart text'],
  ['chart.muted', 'chart.background', 4.5, 'axis labels and ticks'],
  ['chart.train', 'chart.background', 3, 'training curves'],
  ['chart.test', 'chart.background', 3, 'test curves'],
  ['chart.error', 'chart.background', 3, 'the ring of a misclassified point'],
];

function colour(theme: Theme, token: string): string {
  if (token.startsWith('--')) {
    const v = theme.vars[token];
    if (!v) throw new Error(`${theme.name} has no ${token}`);
    return v;
  }
  const v = new Map(Object.entries(theme.chart)).get(token.replace(/^chart\./, ''));
  if (typeof v !== 'string') throw new Error(`${theme.name} has no ${token}`);
  return v;
}

describe('contrast ratio (WCAG relative luminance)', () => {
  it('matches the reference values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrast('#123456', '#123456')).toBe(1);
    // WebAIM's checker: #767676 on white is the lightest grey that passes 4.5:1 (4.54), #777777 fails (4.48).
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

describe.each(Object.values(THEMES))('theme $name', (theme) => {
  it.each(PAIRS)('%s on %s ≥ %s:1 (%s)', (fg, bg, min) => {
    const ratio = contrast(colour(theme, fg), colour(theme, bg));
    expect(
      ratio,
      `${fg} ${colour(theme, fg)} on ${bg} ${colour(theme, bg)}: ${ratio.toFixed(2)}`,
    ).toBeGreaterThanOrEqual(min);
  });

  it('the stylesheet defaults are the light theme', async () => {
    const { readFileSync } = await import('node:fs');
    const css = readFileSync(new URL('../../src/app/theme/app.css', import.meta.url), 'utf8');
    const root = /:root\s*{([^}]*)}/.exec(css)![1];
    for (const [k, v] of Object.entries(THEMES.light.vars))
      expect(root, `app.css :root ${k}`).toMatch(new RegExp(`${k}:\\s*${v};`, 'i'));
  });
});

it('prints the ratios for the report', () => {
  for (const theme of Object.values(THEMES))
    console.log(
      `${theme.name}: ` +
        PAIRS.map(
          ([fg, bg]) => `${fg}/${bg} ${contrast(colour(theme, fg), colour(theme, bg)).toFixed(2)}`,
        ).join(', '),
    );
  expect(PAIRS.length).toBeGreaterThan(20);
});
