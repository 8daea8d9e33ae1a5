import type { MouseEvent } from 'react';

/**
 * The first things a keyboard reaches: jump to the player (Play itself when it can be pressed) or to the
 * figures. They move the focus without touching the address: the hash holds the lab's settings.
 */
export function SkipLinks() {
  const jump = (selectors: string[]) => (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    for (const selector of selectors) {
      const el = document.querySelector<HTMLElement>(selector);
      if (!el || (el instanceof HTMLButtonElement && el.disabled)) continue;
      el.focus();
      el.scrollIntoView({ block: 'nearest' });
      return;
    }
  };
  return (
    <nav className="skip-links" aria-label="Skip links">
      <a
        className="skip"
        href="#player"
        onClick={jump(['[data-testid=play]', '#player'])}
        data-testid="skip-player"
      >
        Skip to the player
      </a>
      <a className="skip" href="#lab-panels" onClick={jump(['#lab-panels'])} data-testid="skip-figures">
        Skip to the figures
      </a>
    </nav>
  );
}
