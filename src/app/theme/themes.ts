/**
 * Themes as data: CSS variables for the page, and the colours charts draw with. Every pair of them that is
 * drawn as text on a background, or as a control against its surroundings, meets WCAG AA in both themes
 * (4.5:1 for text, 3:1 for controls and chart lines); tests/unit/theme-contrast.test.ts computes them. Class
 * colours are the Okabe–Ito palette (distinguishable with the common colour-vision
 * deficiencies); the boundary scale runs between the two first class colours through the background, in
 * Lab space so lightness changes evenly.
 */
export type ThemeName = 'light' | 'dark';

export interface Theme {
  name: ThemeName;
  /** CSS custom properties set on <html>. */
  vars: Record<string, string>;
  chart: {
    background: string;
    text: string;
    muted: string;
    grid: string;
    /** One colour per class (up to 10). */
    classes: string[];
    /** Outline of misclassified points. */
    error: string;
    /** Train and test curve colours. */
    train: string;
    test: string;
  };
}

const OKABE_ITO = ['#E69F00', '#0072B2', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#999999'];

export const THEMES: Record<ThemeName, Theme> = {
  light: {
    name: 'light',
    vars: {
      '--bg': '#f7f7f5',
      '--surface': '#ffffff',
      '--surface-2': '#eef0f2',
      '--text': '#1d2127',
      '--muted': '#5b636e',
      '--border': '#d5d9de',
      '--accent': '#0b62a4',
      '--accent-text': '#ffffff',
      '--warn-bg': '#fff4d6',
      '--warn-border': '#d9a400',
      '--danger-bg': '#fde8e4',
      '--danger-border': '#c2410c',
      '--ok': '#047857',
      '--ok-text': '#ffffff',
      '--danger-text': '#ffffff',
      '--warn-text': '#000000',
      '--control-border': '#7b838d',
      '--focus': '#c2410c',
    },
    chart: {
      background: '#ffffff',
      text: '#1d2127',
      muted: '#5b636e',
      grid: '#e3e6ea',
      classes: [...OKABE_ITO, '#332288', '#882255'],
      error: '#000000',
      train: '#0072B2',
      test: '#D55E00',
    },
  },
  dark: {
    name: 'dark',
    vars: {
      '--bg': '#14171b',
      '--surface': '#1d2127',
      '--surface-2': '#262b33',
      '--text': '#e8eaed',
      '--muted': '#a2a9b3',
      '--border': '#39404a',
      '--accent': '#5fb0ef',
      '--accent-text': '#0b1016',
      '--warn-bg': '#3a3012',
      '--warn-border': '#d9a400',
      '--danger-bg': '#3d1d16',
      '--danger-border': '#f07a52',
      '--ok': '#34d399',
      '--ok-text': '#0b1016',
      '--danger-text': '#0b1016',
      '--warn-text': '#000000',
      '--control-border': '#76808c',
      '--focus': '#f5a524',
    },
    chart: {
      background: '#1d2127',
      text: '#e8eaed',
      muted: '#a2a9b3',
      grid: '#333a44',
      classes: [
        '#F5B335',
        '#3A9BE0',
        '#1FBF8F',
        '#E08FC0',
        '#F0772A',
        '#7FCBF2',
        '#F5EB6B',
        '#B0B0B0',
        '#7A6FD0',
        '#C4517F',
      ],
      error: '#ffffff',
      train: '#3A9BE0',
      test: '#F0772A',
    },
  },
};

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  for (const [k, v] of Object.entries(theme.vars)) root.style.setProperty(k, v);
  root.dataset.theme = theme.name;
  root.style.colorScheme = theme.name;
}

export function initialThemeName(): ThemeName {
  try {
    const saved = localStorage.getItem('basin.theme');
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage blocked: fall through to the system preference.
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function saveThemeName(name: ThemeName): void {
  try {
    localStorage.setItem('basin.theme', name);
  } catch {
    // Not persisted; harmless.
  }
}
