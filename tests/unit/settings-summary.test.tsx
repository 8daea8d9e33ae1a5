// @vitest-environment happy-dom
// The settings form's folded groups say what they hold in one plain line, and the line follows the settings:
// the form is driven through its fields as a reader would, and each summary checked against the values.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigControls } from '../../src/app/controls/ConfigControls';
import { FieldProblems } from '../../src/app/controls/field-problems';
import { type ExperimentConfig, defaultConfig } from '../../src/core/config';
import { config } from './helpers';

afterEach(cleanup);

/** The form as the lab holds it: its changes become the config it shows. */
function Form({ start }: { start: ExperimentConfig }) {
  const [c, setC] = useState(start);
  return (
    <FieldProblems>
      <ConfigControls config={c} onChange={setC} />
    </FieldProblems>
  );
}

const summary = (group: string) => screen.getByTestId(`settings-${group}-summary`).textContent;

/** Types a number into a field and leaves it (the field applies it). */
function type(testId: string, value: string) {
  const input = screen.getByTestId(testId);
  fireEvent.change(input, { target: { value } });
  fireEvent.blur(input);
}

describe('the folded settings groups', () => {
  it('say what the default settings are, in words, inside the fold’s title line', () => {
    render(<Form start={defaultConfig()} />);
    expect(summary('data')).toBe('two moons, 1,000 points, noise 0.15, test share 30 %');
    expect(summary('model')).toBe('Fast MLP 2-16-16-2 (multi-layer perceptron), tanh');
    expect(summary('training')).toBe(
      'Standard (plain training), Adam, learning rate 0.01, batch 32, 30 epochs',
    );
    expect(summary('compute')).toBe('auto (fastest for this model)');
    // Visible while folded: the line is part of the <summary> a closed <details> still shows.
    const data = screen.getByTestId('settings-data') as HTMLDetailsElement;
    expect(data.open).toBe(false);
    expect(within(data.querySelector(':scope > summary') as HTMLElement).getByText(/two moons/)).toBeTruthy();
    expect(screen.getByTestId('advanced-settings-summary').textContent).toBe(
      'Attack (adversarial training): PGD (L∞), ε 0.2, 10 steps · Robust evaluation: off · ' +
        'Loss landscape during training: off (on request only) · Layer sustainability (LSA): off (on request only)',
    );
  });

  it('follow the fields as they are changed', () => {
    render(<Form start={defaultConfig()} />);
    type('moons-n', '500');
    type('moons-noise', '0.2');
    expect(summary('data')).toBe('two moons, 500 points, noise 0.2, test share 30 %');
    type('epochs', '50');
    type('batch-size', '16');
    type('lr', '0.003');
    fireEvent.change(screen.getByTestId('method'), { target: { value: 'pgd-at' } });
    fireEvent.change(screen.getByTestId('optimizer'), { target: { value: 'sgd' } });
    expect(summary('training')).toBe(
      'PGD-AT (adversarial training), SGD (stochastic gradient descent) with momentum 0.9, learning rate 0.003, ' +
        'batch 16, 50 epochs',
    );
    const widths = screen.getByTestId('hidden-widths');
    fireEvent.change(widths, { target: { value: '8, 4' } });
    fireEvent.blur(widths);
    expect(summary('model')).toBe('Custom MLP (multi-layer perceptron): hidden layers 8, 4, tanh');
    fireEvent.change(screen.getByTestId('backend-select'), { target: { value: 'wasm' } });
    expect(summary('compute')).toBe('WebAssembly (wasm)');
    type('cfg-attack-epsilon', '0.1');
    fireEvent.click(screen.getByTestId('cfg-robustEval-enabled'));
    type('cfg-robustEval-every', '5');
    expect(screen.getByTestId('advanced-settings-summary').textContent).toContain(
      'Attack (adversarial training): PGD (L∞), ε 0.1, 10 steps · ' +
        'Robust evaluation: PGD (L∞), ε 0.2, 20 steps, every 5 epochs ·',
    );
  });

  it('name a method’s own settings by their labels, and the data and model of MNIST', () => {
    render(
      <Form
        start={config({
          data: { kind: 'mnist', trainSize: 2000, testSize: 500 },
          model: { kind: 'cnn', preset: 'small' },
          training: { method: 'awp-at' },
          awp: { gamma: 0.01 },
        })}
      />,
    );
    expect(summary('data')).toBe('MNIST handwritten digits, 2,000 to train on, 500 to test');
    expect(summary('model')).toBe('Fast CNN (convolutional neural network)');
    expect(summary('training')).toMatch(/^AT-AWP \(adversarial training with perturbed weights\), Adam, /);
    expect(summary('awp (adversarial weight perturbation)')).toMatch(/^Gamma 0\.01, /);
    expect(summary('awp (adversarial weight perturbation)')).not.toMatch(/awp\./);
  });
});
