/**
 * One-click presets as cards: clicking one trains its run(s) one after another, runs its analyses
 * and, for comparison presets, shows the runs side by side.
 */
import { readableCitations } from '../docs/pages';
import { useMemo } from 'react';
import { type PresetCard, presetCards } from './cards';

export interface PresetGalleryProps {
  onRun(card: PresetCard): void;
  onClose(): void;
  busy: boolean;
}

export function PresetGallery({ onRun, onClose, busy }: PresetGalleryProps) {
  const cards = useMemo(presetCards, []);
  return (
    <section className="gallery" data-testid="preset-gallery" aria-labelledby="preset-gallery-title">
      <header className="gallery-head">
        <h2 id="preset-gallery-title">Presets: one-click experiments</h2>
        <span className="muted">
          Each card trains its runs (one after the other, same data, seed and initial weights) and computes
          what it needs; comparisons open side by side.
        </span>
        <button type="button" className="small" onClick={onClose} aria-label="Close the presets">
          ✕
        </button>
      </header>
      <ul className="cards">
        {cards.map((card) => (
          <li key={card.id}>
            <button
              type="button"
              className="card"
              onClick={() => onRun(card)}
              disabled={busy}
              data-testid={`preset-card-${card.id}`}
            >
              <span className="card-title">{card.title}</span>
              <span className="card-runs">
                {card.runs.length > 1 ? `${card.runs.join(' vs ')}` : card.runs[0]}
              </span>
              <span className="card-text">{readableCitations(card.description)}</span>
              {card.caution && <span className="card-caution">⚠ {card.caution}</span>}
              <span className="card-topics">
                {card.topics.map((t) => (
                  <span key={t} className="chip">
                    {t}
                  </span>
                ))}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
