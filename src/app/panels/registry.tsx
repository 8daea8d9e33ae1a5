/**
 * Every panel of the lab. Adding one (a landscape, a corruption curve, …): one file exporting its
 * component, one entry here saying where it goes and which runs it applies to.
 */
import { DocLink } from '../docs/DocLink';
import { AdversarialArrowsPanel } from './AdversarialArrowsPanel';
import { AdversarialTriptychPanel } from './AdversarialTriptychPanel';
import { AwnetRouterPanel } from './AwnetRouterPanel';
import { BoundaryPanel } from './BoundaryPanel';
import { CorruptionComparePanel } from './CorruptionComparePanel';
import { CorruptionLayersPanel } from './CorruptionLayersPanel';
import { CorruptionSweepPanel } from './CorruptionSweepPanel';
import { CorruptionTrajectoryPanel } from './CorruptionTrajectoryPanel';
import { FgsmSweepPanel } from './FgsmSweepPanel';
import { CurvesPanel } from './CurvesPanel';
import { GalleryPanel } from './GalleryPanel';
import { InterpolationPanel } from './InterpolationPanel';
import { Landscape1dPanel } from './Landscape1dPanel';
import { Landscape2dPanel } from './Landscape2dPanel';
import { MetricsPanel } from './MetricsPanel';
import { ModelPanel } from './ModelPanel';
import { RobustCurvesPanel, hasRobustMetrics } from './RobustCurvesPanel';
import { TrajectoryPanel } from './TrajectoryPanel';
import type { PanelColumn, PanelDef } from './types';
import type { RunView } from '../store/runs';
import { LsaBarsPanel } from './LsaBarsPanel';
import { LsaHeatmapPanel } from './LsaHeatmapPanel';
import { LsaTwinPanel } from './LsaTwinPanel';
import { RgPanel } from './RgPanel';
import { TradeoffPanel } from './TradeoffPanel';
import { WeightDistributionPanel } from './WeightDistributionPanel';
import { WeightPerturbationPanel } from './WeightPerturbationPanel';
import { isLsaRun } from '../lsa/lsa-data';
import { METHOD_CARD } from '../../core/train/cards';

const is2d = (run: RunView) => run.config.data.kind !== 'mnist';
const isImages = (run: RunView) => run.config.data.kind === 'mnist';
const familyOf = (run: RunView) => METHOD_CARD[run.config.training.method].family;
const trainsAdversarially = (run: RunView) => METHOD_CARD[run.config.training.method].trainsAgainst !== null;
const has = (id: string) => (run: RunView) => run.analyses.some((r) => r.id === id);
const isAwnet = (run: RunView) => run.config.model.kind === 'awnet';

export const PANELS: PanelDef[] = [
  {
    id: 'boundary',
    title: 'Data and decision boundary',
    column: 'data',
    order: 10,
    appliesTo: is2d,
    component: BoundaryPanel,
    doc: { page: 'methods' },
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
    doc: { page: 'methods' },
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
    doc: { page: 'landscapes', anchor: 'where-the-filter-axis-is' },
    help: (
      <p>
        The layers and how many numbers (parameters) each has. Every robustness analysis in Basin looks at
        these parameters: which directions in this space change the loss quickly, and which barely matter.
      </p>
    ),
  },
  {
    id: 'landscape-1d',
    title: 'Loss landscape, 1-D',
    column: 'model',
    order: 20,
    appliesTo: () => true,
    component: Landscape1dPanel,
    doc: { page: 'landscapes', anchor: '1-d-curves' },
    help: (
      <>
        <p>
          The loss (solid: training data, dashed: test data) and accuracy (thinner lines, right axis) of the
          model moved along one random direction d in weight space: α = 0 is the model itself, α = ±1 changes
          every filter by its own length (filter normalisation, Li et al. 2018). Switch on the log scale to
          see the bottom of the valley.
        </p>
        <p>
          A wide, shallow valley means small weight changes barely hurt (a flat minimum); a narrow one means a
          sharp minimum. &quot;All epochs&quot; overlays the curves of every recorded epoch, dark early to
          light late: watch the valley narrow as training goes on. One random line rarely meets the sharpest
          direction; the top Hessian eigenvalue beside the picture does not depend on the line.
        </p>
      </>
    ),
  },
  {
    id: 'interpolation',
    title: 'Interpolation between two models',
    column: 'model',
    order: 30,
    appliesTo: () => true,
    component: InterpolationPanel,
    doc: { page: 'landscapes', anchor: 'interpolation-between-two-models' },
    help: (
      <>
        <p>
          The loss on the straight line between two models: θ_A (α = 0, by default the untrained model) and
          θ_B (α = 1, the current one), extended to α = −0.5 and 1.5. Train solid, test dashed, accuracy in
          thinner lines.
        </p>
        <p>
          A loss that falls steadily from θ_A to θ_B means training went downhill without crossing a barrier;
          a bump between them is a barrier the optimiser went around. Beyond α = 1 the loss usually rises
          again: the model sits in a valley. Interpolating between two different runs is not available yet.
        </p>
      </>
    ),
  },
  {
    id: 'curves',
    title: 'Training curves',
    column: 'analysis',
    order: 10,
    appliesTo: () => true,
    component: CurvesPanel,
    doc: { page: 'methods' },
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
        <p>
          Point at the figure to read an epoch&apos;s values. <em>Zoom &amp; pan</em> draws the same curves
          with Plotly (drag to zoom, double-click to reset); while training it redraws once a second, as each
          of its redraws holds the page for tens of milliseconds.
        </p>
      </>
    ),
  },
  {
    id: 'landscape-2d',
    title: 'Loss landscape, 2-D',
    column: 'analysis',
    order: 12,
    appliesTo: () => true,
    component: Landscape2dPanel,
    doc: { page: 'landscapes', anchor: '2-d-surfaces' },
    help: (
      <>
        <p>
          The loss of the model moved in weight space along two random directions: the point (α, β) is the
          model θ + α·d₁ + β·d₂, and its colour (or height, in 3-D) is the loss there. The cross at (0, 0) is
          the model itself. Each direction is scaled filter by filter to the size of the weights (Li et al.,
          2018), so α = 1 changes every filter by its own length and pictures of different models are
          comparable.
        </p>
        <p>
          Wide, round basins mean the loss barely changes when the weights are disturbed (flat, usually more
          robust); tight rings mean a sharp minimum. The orange line is the training path projected on this
          plane (usually short: a random plane holds little of the path; the training-path panel shows it on
          the plane it moved in). Play the epochs to see the basin form; the colour scale is the same for
          every epoch.
        </p>
        <p>
          Careful: a random 2-D slice of a space with thousands of dimensions rarely contains the sharpest
          direction, so a flat-looking picture does not prove flatness. That is why the numbers beside it
          matter: the largest loss rise within r along these directions, and the top Hessian eigenvalue, which
          measures the sharpest direction of all. The picture appears coarse first and is refined in place; it
          is only computed while the panel is on screen.
        </p>
      </>
    ),
  },
  {
    id: 'trajectory',
    title: 'Training path (PCA)',
    column: 'analysis',
    order: 14,
    appliesTo: () => true,
    component: TrajectoryPanel,
    doc: { page: 'landscapes', anchor: 'optimisation-trajectory' },
    help: (
      <>
        <p>
          The weights after every epoch, as points on the plane that shows the most of the path: its two
          principal directions (PCA of the snapshots, Li et al. 2018). The axis titles say how much of the
          path&apos;s movement each direction holds; the contours are the loss on that plane around the final
          model (the cross).
        </p>
        <p>
          A path that explains nearly 100 % on the first axis went straight; large steps early and small ones
          late are normal. Unlike the random slice of the 2-D landscape, this plane is chosen by the training
          itself, so the path is seen without distortion, but the loss between snapshots is still only a
          slice.
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
    doc: { page: 'methods' },
    help: (
      <p>
        The numbers behind the curves, one row per epoch (the CSV download has every epoch at full precision).
      </p>
    ),
  },
  {
    id: 'adversarial-arrows',
    title: 'Adversarial points',
    column: 'data',
    order: 20,
    appliesTo: is2d,
    component: AdversarialArrowsPanel,
    doc: { page: 'attacks' },
    help: (
      <>
        <p>
          Each circle is a test point; its arrow ends at the adversarial point (diamond) the chosen attack
          found within distance ε (<DocLink to={{ page: 'attacks', anchor: 'fgsm' }}>FGSM</DocLink>,{' '}
          <DocLink to={{ page: 'attacks', anchor: 'fgsm-with-a-random-start' }}>
            FGSM with a random start
          </DocLink>
          , PGD <DocLink to={{ page: 'attacks', anchor: 'pgd-l-inf' }}>L∞</DocLink> and{' '}
          <DocLink to={{ page: 'attacks', anchor: 'pgd-l2' }}>L2</DocLink>,{' '}
          <DocLink to={{ page: 'attacks', anchor: 'trades' }}>TRADES&apos; KL attack</DocLink>). Ringed
          markers are misclassified; bold arrows are attacks that turned a right answer into a wrong one. The
          background is the current model&apos;s decision boundary.
        </p>
        <p>
          Arrows point across the boundary where it runs close to the data: a model trained with PGD-AT keeps
          its boundary about ε away from the points, so fewer arrows cross it. Moons coordinates are never
          clipped (there is no [0, 1] box).
        </p>
      </>
    ),
  },
  {
    id: 'adversarial-triptychs',
    title: 'Adversarial digits',
    column: 'data',
    order: 20,
    appliesTo: isImages,
    component: AdversarialTriptychPanel,
    doc: { page: 'attacks' },
    help: (
      <>
        <p>
          For each test digit: the clean image, the attacked image (pixels kept in [0, 1]), and the
          perturbation δ = x′ − x on a purple–orange scale from −ε to +ε. Underneath, the model&apos;s
          prediction and confidence before and after the attack; a red frame marks a right answer the attack
          flipped (<DocLink to={{ page: 'attacks' }} />
          ).
        </p>
        <p>
          FGSM&apos;s δ is ±ε almost everywhere (a sign pattern); PGD&apos;s concentrates on strokes that
          matter. A robust model needs visibly digit-like changes before it changes its answer.
        </p>
      </>
    ),
  },
  {
    id: 'fgsm-sweep',
    title: 'FGSM ε-sweep and R&G',
    column: 'data',
    order: 30,
    appliesTo: () => true,
    component: FgsmSweepPanel,
    doc: { page: 'lsa', anchor: 'rg-score' },
    help: (
      <p>
        Accuracy under FGSM (<DocLink to={{ page: 'attacks', anchor: 'fgsm' }} />) at ε = 0, 0.1, …, 0.5, and
        LSA&apos;s R&amp;G score: the sum of those accuracies in %, ε = 0 included, so 600 is the maximum (
        <DocLink to={{ page: 'lsa', anchor: 'rg-score' }} /> [V-slides]). A higher R&amp;G means the model
        stays accurate under larger input perturbations. Earlier sweeps of the run are drawn faint, so you can
        see robustness change with training.
      </p>
    ),
  },
  {
    id: 'robust-curves',
    title: 'Robust accuracy',
    stageTitle: 'Robust accuracy and loss',
    column: 'analysis',
    order: 11,
    appliesTo: (run) => hasRobustMetrics(run) || trainsAdversarially(run),
    component: RobustCurvesPanel,
    doc: { page: 'attacks', anchor: 'defaults' },
    help: (
      <>
        <p>
          Accuracy per epoch on clean inputs (thin lines) and under the PGD attack of the robust-evaluation
          settings (bold, diamonds), on fixed subsets of the training and test sets (
          <DocLink to={{ page: 'attacks', anchor: 'pgd-l-inf' }} />; evaluation settings{' '}
          <DocLink to={{ page: 'attacks', anchor: 'defaults' }} />: K = 20 on moons, 40 on MNIST).
        </p>
        <p>
          The shaded band between robust train and robust test accuracy is the robust generalisation gap. In
          adversarial training it often widens late in training while robust test accuracy falls (robust
          overfitting), which is what AWP targets.
        </p>
      </>
    ),
  },
  {
    id: 'corruption-sweep',
    title: 'Parameter corruption: ε-sweep',
    column: 'analysis',
    order: 40,
    appliesTo: () => true,
    component: CorruptionSweepPanel,
    doc: { page: 'corruption', anchor: 'figures' },
    help: (
      <>
        <p>
          The trained weights θ are corrupted to θ + a with ‖a‖ ≤ ε (evaluation only: the model is left
          unchanged), for ε on a log scale. Top: the loss change ΔL on the chosen set; bottom: test accuracy.
          Random corruption is the mean of N trials with a min–max band; one-step is the worst case to first
          order, a* = ε·g/‖g‖₂ (L2) or ε·sign(g) (L∞), whose estimate ε‖g‖ is the dotted line (
          <DocLink to={{ page: 'corruption', anchor: 'the-indicator' }} /> [D]); multi-step is K projected
          ascent steps (<DocLink to={{ page: 'corruption', anchor: 'multi-step-corruption' }} /> [U/P]).
        </p>
        <p>
          Random corruption is about √(number of parameters) times weaker than the gradient direction at the
          same ε (<DocLink to={{ page: 'corruption', anchor: 'the-indicator' }} /> [D]); the estimate matches
          the measured one-step ΔL for small ε and falls below it as curvature takes over, where multi-step
          finds more. Grids: the suggested ones of <DocLink to={{ page: 'corruption', anchor: 'figures' }} />{' '}
          [P]; the absolute L2 grid is ours [P], for comparing models at the same ε.
        </p>
      </>
    ),
  },
  {
    id: 'corruption-trajectory',
    title: 'Parameter corruption: trajectory',
    column: 'analysis',
    order: 42,
    appliesTo: () => true,
    component: CorruptionTrajectoryPanel,
    doc: { page: 'corruption', anchor: 'multi-step-corruption' },
    help: (
      <>
        <p>
          The multi-step corruption a_0 = 0, a_1, …, a_K (
          <DocLink to={{ page: 'corruption', anchor: 'multi-step-corruption' }} />
          [U/P]) drawn on the loss surface of a plane: α along a_K (so a_K sits at α = 1), β along a
          filter-normalised random direction made orthogonal to it (
          <DocLink to={{ page: 'landscapes', anchor: 'filter-normalisation' }} />
          ). Both axes are in units of ‖a_K‖. Play animates the path; the slider picks a step. Right: the loss
          change ΔL(a_k) along the path (<DocLink to={{ page: 'corruption', anchor: 'figures' }} />
          ).
        </p>
        <p>
          The &quot;in plane&quot; column says how much of each a_k lies in this plane: the path is drawn
          exactly only where it is near 100%. Which plane the papers used is not known; this one is our choice
          [P].
        </p>
      </>
    ),
  },
  {
    id: 'corruption-layers',
    title: 'Parameter corruption: per layer',
    column: 'model',
    order: 40,
    appliesTo: () => true,
    component: CorruptionLayersPanel,
    doc: { page: 'corruption', anchor: 'per-layer-indicator' },
    help: (
      <p>
        Each parameter tensor (a layer&apos;s kernel and its bias apart) is corrupted on its own in its
        worst-case direction a*_G = ε_G·g_G/‖g_G‖ (L2) or ε_G·sign(g_G) (L∞). The outlined bar is the
        first-order indicator ε_G‖g_G‖, the filled bar the measured loss change (
        <DocLink to={{ page: 'corruption', anchor: 'per-layer-indicator' }} /> [D]). A relative budget ε_G =
        ρ‖θ_G‖ compares tensors of different sizes fairly [P]; which budget the paper used is unverified [U].
        Long bars mark the parameters the model is most sensitive to.
      </p>
    ),
  },
  {
    id: 'corruption-compare',
    title: 'Corruption defences compared',
    column: 'analysis',
    order: 41,
    appliesTo: (run) =>
      familyOf(run) === 'weight-corruption' || run.analyses.some((a) => a.id === 'corruption-sweep'),
    component: CorruptionComparePanel,
    doc: { page: 'corruption', anchor: 'acr-training' },
    help: (
      <>
        <p>
          Every run of this session that has a corruption ε-sweep, side by side: clean test accuracy and test
          accuracy under random, one-step and multi-step corruption at one ε (table), and across ε (chart).
          Train a standard model and sweep it, then switch the method to ACR (
          <DocLink to={{ page: 'corruption', anchor: 'acr-training' }} />) or APD (
          <DocLink to={{ page: 'corruption', anchor: 'apd-training' }} />
          ), train and sweep again.
        </p>
        <p>
          Each row is that run&apos;s latest sweep, of its model at the epoch shown; runs trained for
          different lengths or swept with different settings are not like for like. For the same ε in every
          run choose the absolute L2 budget in the sweep.
        </p>
      </>
    ),
  },
  {
    id: 'lsa-layers',
    title: 'Layer sustainability (LSA): relative error per layer',
    column: 'analysis',
    order: 40,
    appliesTo: isLsaRun,
    component: LsaBarsPanel,
    doc: { page: 'lsa', anchor: 'relative-error' },
    help: (
      <>
        <p>
          For each learnable layer (the output of each activation, in forward order), how far its output moves
          when the input is perturbed: the relative error ‖φ(x) − φ(x̂)‖ / ‖φ(x)‖ over a fixed batch of test
          points, one bar per perturbation (FGSM, PGD and four statistical noises; LSA,
          <DocLink to={{ page: 'lsa', anchor: 'relative-error' }} />
          ).
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
    doc: { page: 'lsa', anchor: 'most-vulnerable-layers' },
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
    doc: { page: 'lsa', anchor: 'figures' },
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
    doc: { page: 'lsa', anchor: 'rg-score' },
    help: (
      <p>
        Accuracy under FGSM at ε = 0, 0.1, …, 0.5 for this run and every other run on the page that has a
        sweep, and the R&amp;G score: the sum of the accuracies in %, clean accuracy included (LSA,
        <DocLink to={{ page: 'lsa', anchor: 'rg-score' }} />
        ). The best score is in bold; runs are named as in the LSA paper.
      </p>
    ),
  },
  {
    id: 'weight-perturbation',
    title: 'Worst-case vs random weight perturbation',
    column: 'analysis',
    order: 35,
    appliesTo: (run) => has('weight-perturbation')(run) || familyOf(run) === 'weight-perturbation',
    component: WeightPerturbationPanel,
    doc: { page: 'awp', anchor: 'random-weight-perturbation' },
    help: (
      <>
        <p>
          The loss when every kernel (weight matrix) of the trained model moves by the same fraction γ of its
          own norm: along AWP&apos;s worst-case direction (the gradient of the loss, normalised layer by
          layer) and along random directions with exactly the same per-layer sizes (
          <DocLink to={{ page: 'awp', anchor: 'the-update' }} />,{' '}
          <DocLink to={{ page: 'awp', anchor: 'random-weight-perturbation' }} />
          ).
        </p>
        <p>
          The worst case climbs much faster: a model that looks flat along random directions can still be
          sharp in the worst direction, which is what AWP trains against.
        </p>
      </>
    ),
  },
  {
    id: 'weight-distribution',
    title: 'Filter weight distributions: two runs side by side',
    column: 'model',
    order: 50,
    appliesTo: () => true,
    doc: { page: 'awnet', anchor: 'why-the-weights-differ' },
    component: WeightDistributionPanel,
    help: (
      <>
        <p>
          The weights of one layer of this run and of another run of the session: left, the histogram of all
          its weights (as a density); right, one box per run for the L1 norm and the standard deviation of
          each filter. A filter is one dense unit&apos;s incoming weights, or one output channel of a
          convolution. Train a standard model and an adversarially trained one (PGD-AT, TRADES) of the same
          architecture and compare: the adversarially trained filters are usually smaller and more
          concentrated around 0 (Wei, Zhao, Li 2023, the observation behind{' '}
          <DocLink to={{ page: 'awnet', anchor: 'why-the-weights-differ' }}>AW-Net</DocLink>).
        </p>
        <p>
          Why, to first order: adversarial training minimises the loss at the worst point of an L∞ ball, L(x +
          δ) ≈ L(x) + ε‖∇ₓL(x)‖₁, so it penalises the input gradient. For a first (or any linear) layer z =
          Wᵀx, ∇ₓL = W·∂L/∂z: the only way to keep it small for every input is to shrink and reshape the
          filters W. A static network has one set of filters for clean and attacked inputs alike, which is the
          accuracy–robustness trade-off AW-Net tries to split.
        </p>
      </>
    ),
  },
  {
    id: 'tradeoff',
    title: 'Clean vs robust accuracy of the session’s runs',
    column: 'analysis',
    order: 13,
    appliesTo: (run) => isAwnet(run) || hasRobustMetrics(run),
    doc: { page: 'awnet', anchor: 'measured-on-moons' },
    component: TradeoffPanel,
    help: (
      <>
        <p>
          One point per run (stars: AW-Net) at its last epoch: clean test accuracy against robust test
          accuracy under the robust-evaluation PGD, which for AW-Net attacks the whole network, router
          included. The dashed line joins the static models that no other static model beats in both (the
          trade-off frontier, e.g. standard training and PGD-AT); AW-Net claims to lie above it (Wei, Zhao, Li
          2023). &quot;vs frontier&quot; is how far above (+) or below it an AW-Net run is, in clean accuracy
          at its robust accuracy.
        </p>
        <p>
          WRA (mean of clean and robust accuracy) is our assumption about the paper&apos;s Weighted Robust
          Accuracy. Robust accuracy is measured on a fixed test subset (the robust-evaluation size), clean
          accuracy on the whole test set; train every run with robust evaluation on.
        </p>
      </>
    ),
  },
  {
    id: 'awnet-router',
    title: 'AW-Net router: detection and signals',
    column: 'analysis',
    order: 15,
    appliesTo: isAwnet,
    doc: { page: 'awnet', anchor: 'the-router' },
    component: AwnetRouterPanel,
    help: (
      <>
        <p>
          What AW-Net&apos;s router does (the router, its heads and these figures are our proposal: the
          paper&apos;s code is not public;{' '}
          <DocLink to={{ page: 'awnet', anchor: 'the-router' }}>AW-Net</DocLink>
          ). Left: its detection p(x), the probability that an input is adversarial, on clean test points and
          on their PGD twins (attacked through the whole network, router included). Middle: the ROC of p(x) as
          a detector and its AUC (0.5 = chance). Right: the effective scale r_l of each filter of a
          weight-varied layer, averaged over clean and over adversarial inputs: filter j computes
          r_j(x)·(w_j·x) + b_j.
        </p>
        <p>
          The summary also scores an attack that ignores the router (its gradient taken with the router fed
          the clean input): if the router shapes the model&apos;s answer, ignoring it makes the attack weaker.
        </p>
      </>
    ),
  },
];

export function panelsFor(run: RunView, column: PanelColumn): PanelDef[] {
  return PANELS.filter((p) => p.column === column && p.appliesTo(run)).sort((a, b) => a.order - b.order);
}
