/** One panel of the lab in its frame: the same wherever it is shown (picture, question, stage, embed). */
import { PanelFrame } from '../panels/PanelFrame';
import type { LabActions, PanelDef } from '../panels/types';
import type { RunView } from '../store/runs';
import type { Theme } from '../theme/themes';

export interface LabContext {
  run: RunView;
  runs: readonly RunView[];
  theme: Theme;
  actions: LabActions;
}

export function LabPanel({ panel, lab }: { panel: PanelDef; lab: LabContext }) {
  const Component = panel.component;
  return (
    <PanelFrame id={panel.id} title={panel.title} help={panel.help} doc={panel.doc} resetKey={lab.run.id}>
      <Component run={lab.run} theme={lab.theme} actions={lab.actions} runs={lab.runs} />
    </PanelFrame>
  );
}
