/** The colour theme (light or dark): remembered, applied to the page's CSS variables. */
import { useEffect, useState } from 'react';
import { THEMES, type ThemeName, applyTheme, initialThemeName, saveThemeName } from '../theme/themes';

export function useTheme() {
  const [name, setName] = useState<ThemeName>(initialThemeName);
  const theme = THEMES[name];
  useEffect(() => applyTheme(theme), [theme]);
  const toggle = () => {
    const next = name === 'light' ? 'dark' : 'light';
    setName(next);
    saveThemeName(next);
  };
  return { name, theme, toggle };
}
