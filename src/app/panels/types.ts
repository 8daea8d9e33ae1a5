import type { ComponentType, ReactNode } from 'react';
import type { ExperimentConfig } from '../../core/config';
import type { DocRef } from '../docs/pages';
import type { RunView } from '../store/runs';
import type { Theme } from '../theme/themes';

/** What a panel may ask the lab to do. */
export interface LabActions {
  play(): void;
  pause(): void;
  step(): void;
  reset(): void;
  restoreLastFinite(): void;
  /** Starts a fresh run with a changed configuration (e.g. a lower learning rate). */
  restartWith(change: (c: ExperimentConfig) => ExperimentConfig): void;
  /** Trains the current run this many epochs more (from its weights and optimiser state). */
  continueBy(epochs: number): void;
  /** Resolves when the analysis is done (its result, or its error, has been posted to the run). */
  runAnalysis(id: string, settings: unknown): Promise<void>;
}

export interface PanelProps {
  run: RunView;
  /** Every run kept in this session (oldest first, the shown one included), for panels that compare runs
   * (corruption defences, LSA's R&G table). */
  runs?: readonly RunView[];
  theme: Theme;
  actions: LabActions;
}

export type PanelColumn = 'data' | 'model' | 'analysis';

/**
 * A panel of the lab: one file with its component, one line in ./registry.ts. `appliesTo` decides from the
 * run (its dataset, method, analyses) whether the panel is shown.
 */
export interface PanelDef {
  id: string;
  title: string;
  /** The title on the presenter's stage, where the figure shows more (e.g. the robust loss too). */
  stageTitle?: string;
  column: PanelColumn;
  /** Lower first within a column. */
  order: number;
  appliesTo(run: RunView): boolean;
  component: ComponentType<PanelProps>;
  /** "How to read this": what is drawn and what to look for. */
  help: ReactNode;
  /** The docs page (and section) of the method the panel shows, linked under its help. */
  doc: DocRef;
}

/** Download actions a panel offers (each chart: PNG and SVG; tables: CSV). */
export interface Exporters {
  png?: () => unknown;
  svg?: () => unknown;
  csv?: () => unknown;
}
