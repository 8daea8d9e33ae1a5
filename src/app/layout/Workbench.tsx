/**
 * The lab's working area: Play first, then what the caller puts in the middle (the picture, the runs, the
 * comparison), then the settings in their groups.
 */
import type { ReactNode } from 'react';
import type { ExperimentConfig } from '../../core/config';
import { ConfigControls } from '../controls/ConfigControls';
import { FieldProblems } from '../controls/field-problems';
import { Player } from '../controls/Player';
import type { LabActions } from '../panels/types';
import type { RunView } from '../store/runs';
import './Workbench.css';

export function Workbench(props: {
  config: ExperimentConfig;
  onChange(next: ExperimentConfig): void;
  hideSettings: boolean;
  run: RunView | null;
  actions: LabActions;
  onRegenerate(): void;
  children: ReactNode;
}) {
  return (
    <FieldProblems>
      <Player run={props.run} actions={props.actions} onRegenerate={props.onRegenerate} />
      {props.children}
      <section className="settings" hidden={props.hideSettings} aria-labelledby="settings-title">
        <header className="settings-head">
          <h2 id="settings-title">Settings</h2>
          <p className="muted">
            More epochs continue the current run; any other change starts a fresh one. Names used below:
            PGD-AT is adversarial training against projected-gradient-descent attacks (PGD); TRADES trades
            clean accuracy for robustness; AWP perturbs the weights adversarially while training (adversarial
            weight perturbation); ACR and APD train against corrupted parameters; LSA (layer sustainability
            analysis) finds the layers an attack moves most, and AT-LR regularises them.
          </p>
        </header>
        <div className="controls-wrap">
          <ConfigControls config={props.config} onChange={props.onChange} />
        </div>
      </section>
    </FieldProblems>
  );
}
