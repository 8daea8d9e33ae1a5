/**
 * Every panel of the lab. Adding one (a landscape, a corruption curve, …): one file exporting its
 * component, one entry here saying where it goes and which runs it applies to.
 */
import { BoundaryPanel } from './BoundaryPanel';
import { CurvesPanel } from './CurvesPanel';
import { GalleryPanel } from './GalleryPanel';
import { LsaBarsPanel } from './LsaBarsPanel';
import { LsaHeatmapPanel } from './LsaHeatmapPanel';
import { LsaTwinPanel } from './LsaTwinPanel';
import { MetricsPanel } from './MetricsPanel';
import { ModelPanel } from './ModelPanel';
import { RgPanel } from './RgPanel';
import { WeightPerturbationPanel } from './WeightPerturbationPanel';
import type { PanelColumn, PanelDef } from './types';
import type { RunView } from '../store/runs';
import { isLsaRun } from '../lsa/lsa-data';

const is2d = (run: RunView) => run.config.data.kind !== 'mnist';
const isImages = (run: RunView) => run.config.data.kind === 'mnist';
const has = (id: string) => (run: RunView) => run.analyses.some((r) => r.id === id);
const AWP_METHODS = new Set(['awp-at', 'awp-trades', 'rwp']);

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
  {
    id: 'lsa-layers',
    title: 'Layer sustainability (LSA): relative error per layer',
    column: 'analysis',
    order: 40,
    appliesTo: isLsaRun,
    component: LsaBarsPanel,
    help: (
      <>
        <p>
          For each learnable layer (the output of each activation, in forward order), how far its output moves
          when the input is perturbed: the relative error ‖φ(x) − φ(x̂)‖ / ‖φ(x)‖ over a fixed batch of test
          points, one bar per perturbation (FGSM, PGD and four statistical noises; LSA, METHODS.md §6.2).
        </p>
        <p>
          The diamonds are the scores LSA&apos;s Algorithm 1 compares (per-layer means over samples); a layer
          whose score lies above the dashed line μ + η·σ is one of the <strong>most vulnerable layers</strong>{' '}
          (MVL, shaded). Move η to see which layers stand out. AT-LR regularises exactly these layers; its
          paper name (e.g. AT-PGD-LR-L2) says which.
        </p>
      </>
    ),
  },
  {
    id: 'lsa-heatmap',
    title: 'LSA over training: epochs × layers',
    column: 'analysis',
    order: 41,
    appliesTo: isLsaRun,
    component: LsaHeatmapPanel,
    help: (
      <>
        <p>
          One row per epoch, one column per layer; the colour is the layer&apos;s relative error under the
          chosen perturbation (viridis: brighter = larger). Rows fill in as training goes on when LSA runs
          after every epoch (More settings → Lsa · every). Outlined cells are that epoch&apos;s most
          vulnerable layers.
        </p>
        <p>
          Play it back to watch the vulnerable layer settle, or, for AT-LR, its error shrink under the
          regulariser.
        </p>
      </>
    ),
  },
  {
    id: 'lsa-twin',
    title: 'A clean point and its adversarial twin',
    column: 'data',
    order: 30,
    appliesTo: (run) => is2d(run) && isLsaRun(run),
    component: LsaTwinPanel,
    help: (
      <p>
        LSA&apos;s moons figure: the model&apos;s decision boundary (the black line is probability ½), one
        clean test point (yellow) and the same point after the training attack (red), with an arrow between
        them. Points whose prediction the attack flipped are shown first; a robust model keeps the twin on the
        same side of the boundary.
      </p>
    ),
  },
  {
    id: 'rg',
    title: 'FGSM ε sweep and R&G score',
    column: 'analysis',
    order: 42,
    appliesTo: isLsaRun,
    component: RgPanel,
    help: (
      <p>
        Accuracy under FGSM at ε = 0, 0.1, …, 0.5 for this run and every other run on the page that has a
        sweep, and the R&amp;G score: the sum of the accuracies in %, clean accuracy included (LSA, METHODS.md
        §6.5). The best score is in bold; runs are named as in the LSA paper.
      </p>
    ),
  },
  {
    id: 'weight-perturbation',
    title: 'Worst-case vs random weight perturbation',
    column: 'analysis',
    order: 35,
    appliesTo: (run) => has('weight-perturbation')(run) || AWP_METHODS.has(run.config.training.method),
    component: WeightPerturbationPanel,
    help: (
      <>
        <p>
          The loss when every kernel (weight matrix) of the trained model moves by the same fraction γ of its
          own norm: along AWP&apos;s worst-case direction (the gradient of the loss, normalised layer by
          layer) and along random directions with exactly the same per-layer sizes (METHODS.md §5.2, §5.4).
        </p>
        <p>
          The worst case climbs much faster: a model that looks flat along random directions can still be
          sharp in the worst direction, which is what AWP trains against.
        </p>
      </>
    ),
  },
];

export function panelsFor(run: RunView, column: PanelColumn): PanelDef[] {
  return PANELS.filter((p) => p.column === column && p.appliesTo(run)).sort((a, b) => a.order - b.order);
}
