/**
 * The lab's panels grouped for people: the picture on the first screen (the data with its decision boundary
 * or the digits, the loss curves, a weight landscape), then one section per question. Panels this file does
 * not name go under "More".
 */
import { panelsFor } from '../panels/registry';
import type { PanelDef } from '../panels/types';
import type { RunView } from '../store/runs';

/** The first screen, in this order (the boundary for points, the digits for MNIST). */
export const PICTURE = ['boundary', 'gallery', 'curves', 'landscape-1d'];

export interface Question {
  id: string;
  question: string;
  /** One line under the question: what the panels below answer with. */
  answer: string;
  panels: string[];
}

export const QUESTIONS: Question[] = [
  {
    id: 'training',
    question: 'How did training go?',
    answer: 'The numbers of the last epoch, the network, and robust accuracy over training.',
    panels: ['metrics', 'robust-curves', 'tradeoff', 'model', 'awnet-router'],
  },
  {
    id: 'flatness',
    question: 'How flat is the minimum?',
    answer:
      'The loss around the trained weights: a plane of two directions, the path training took, worst-case and random nudges.',
    panels: ['landscape-2d', 'trajectory', 'interpolation', 'weight-perturbation', 'weight-distribution'],
  },
  {
    id: 'breaks',
    question: 'What breaks it?',
    answer:
      'Small changes to the inputs (adversarial examples) or to the weights (parameter corruption) that flip its answers.',
    panels: [
      'adversarial-arrows',
      'adversarial-triptychs',
      'fgsm-sweep',
      'rg',
      'corruption-sweep',
      'corruption-trajectory',
      'corruption-compare',
      'lsa-twin',
    ],
  },
  {
    id: 'layers',
    question: 'Which layer fails?',
    answer:
      'Layer by layer: how much each layer’s output moves under attack, and which layer’s weights are most fragile.',
    panels: ['corruption-layers', 'lsa-layers', 'lsa-heatmap'],
  },
];

const OTHER: Question = { id: 'more', question: 'More', answer: '', panels: [] };

/** Every panel that applies to the run, in the registry's order. */
export function runPanels(run: RunView): PanelDef[] {
  return (['data', 'model', 'analysis'] as const).flatMap((column) => panelsFor(run, column));
}

/** The run's panels: those of the picture, and the rest by question (questions with no panel left out). */
export function groupPanels(run: RunView): {
  picture: PanelDef[];
  sections: { q: Question; panels: PanelDef[] }[];
} {
  const all = runPanels(run);
  const byId = new Map(all.map((p) => [p.id, p]));
  const picture = PICTURE.flatMap((id) => byId.get(id) ?? []);
  const placed = new Set([...PICTURE, ...QUESTIONS.flatMap((q) => q.panels)]);
  const sections = [...QUESTIONS, OTHER]
    .map((q) => ({
      q,
      panels:
        q === OTHER ? all.filter((p) => !placed.has(p.id)) : q.panels.flatMap((id) => byId.get(id) ?? []),
    }))
    .filter((s) => s.panels.length > 0);
  return { picture, sections };
}
