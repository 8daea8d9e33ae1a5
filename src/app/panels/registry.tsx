/**
 * Every panel of the lab. Adding one (a landscape, a corruption curve, …): one file exporting its
 * component, one entry here saying where it goes and which runs it applies to.
 */
import { BoundaryPanel } from './BoundaryPanel';
import { CurvesPanel } from './CurvesPanel';
import { GalleryPanel } from './GalleryPanel';
import { MetricsPanel } from './MetricsPanel';
import { ModelPanel } from './ModelPanel';
import type { PanelColumn, PanelDef } from './types';
import type { RunView } from '../store/runs';

const is2d = (run: RunView) => run.config.data.kind !== 'mnist';
const isImages = (run: RunView) => run.config.data.kind === 'mnist';

export const PANELS: PanelDef[] = [
  {
    id: 'boundary',
    title: 'Data and decision boundary',
    column: 'data',
    order: 10,
    appliesTo: is2d,
    component: BoundaryPanel,
    help: (
      <>
        <p>
          Each dot is one example, coloured by its true class. The background is the model&apos;s answer for
          every point of the plane: the stronger the colour, the surer the model; the pale band between the
          colours is the decision boundary (probability ½). Ringed dots are misclassified.
        </p>
        <p>
          Switch between training and test points: a boundary that snakes around single training points but
          misses test points is overfitting.
        </p>
      </>
    ),
  },
  {
    id: 'gallery',
    title: 'Test digits, worst first',
    column: 'data',
    order: 10,
    appliesTo: isImages,
    component: GalleryPanel,
    help: (
      <p>
        The model&apos;s worst predictions on held-out digits: first the mistakes it was most confident about,
        then the correct answers it was least sure of. Each tile shows the predicted digit and its
        probability; a red frame and &quot;true&quot; mark an error. Confident mistakes are often badly
        written digits, or a sign the model is over-confident.
      </p>
    ),
  },
  {
    id: 'model',
    title: 'Model',
    column: 'model',
    order: 10,
    appliesTo: () => true,
    component: ModelPanel,
    help: (
      <p>
        The layers and how many numbers (parameters) each has. Every robustness analysis in Basin looks at
        these parameters: which directions in this space change the loss quickly, and which barely matter.
      </p>
    ),
  },
  {
    id: 'curves',
    title: 'Training curves',
    column: 'analysis',
    order: 10,
    appliesTo: () => true,
    component: CurvesPanel,
    help: (
      <>
        <p>
          Loss (top) and accuracy (bottom) after each epoch, on the training data (solid) and on held-out test
          data (dashed). Loss falling while accuracy rises is learning.
        </p>
        <p>
          When the test curve turns up while the training curve keeps falling, the model is memorising the
          training set (overfitting). A loss that jumps to very large values or disappears means training
          diverged: lower the learning rate.
        </p>
      </>
    ),
  },
  {
    id: 'metrics',
    title: 'Metrics table',
    column: 'analysis',
    order: 20,
    appliesTo: () => true,
    component: MetricsPanel,
    help: (
      <p>
        The numbers behind the curves, one row per epoch (the CSV download has every epoch at full precision).
      </p>
    ),
  },
];

export function panelsFor(run: RunView, column: PanelColumn): PanelDef[] {
  return PANELS.filter((p) => p.column === column && p.appliesTo(run)).sort((a, b) => a.order - b.order);
}
