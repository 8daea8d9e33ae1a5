import { Component, type ReactNode } from 'react';

interface Props {
  /** What is inside, as people name it: "The panel “Training curves”", "This figure". */
  what: string;
  /** A stable id for the test hook `panel-failed-<id>`. */
  id: string;
  /**
   * A change of this value (another run shown; for a figure, any of its props) gives the contents a fresh
   * start. Objects are compared key by key.
   */
  resetKey?: unknown;
  children: ReactNode;
}

/** Equal, or objects with the same keys holding identical values. */
function sameKey(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a);
  return (
    ka.length === Object.keys(b).length &&
    ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k])
  );
}

interface State {
  error: Error | null;
  resetKey: unknown;
}

/**
 * Keeps a failure inside one panel or figure: instead of the whole lab going blank, this part says what
 * failed and offers to start it again; everything around it keeps working. React only lets a class
 * component catch render errors (there is no hook for it).
 */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return sameKey(props.resetKey, state.resetKey) ? null : { error: null, resetKey: props.resetKey };
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="part-failed" role="alert" data-testid={`panel-failed-${this.props.id}`}>
        <p>
          <strong>{this.props.what} could not be drawn.</strong> The rest of the lab is not affected.
        </p>
        <p className="part-failed-why">What failed: {error.message || error.name}</p>
        <button type="button" onClick={() => this.setState({ error: null })} data-testid="panel-reset">
          Reset this panel
        </button>
      </div>
    );
  }
}

/**
 * `Figure` inside its own boundary, so a figure that cannot draw its input leaves the panel's controls,
 * tables and read-outs working. The boundary resets when the figure gets new input.
 */
export function guarded<P extends object>(Figure: (props: P) => ReactNode, what = 'This figure') {
  function Guarded(props: P) {
    const testId = 'testId' in props && typeof props.testId === 'string' ? props.testId : 'figure';
    return (
      <ErrorBoundary what={what} id={`figure-${testId}`} resetKey={props}>
        <Figure {...props} />
      </ErrorBoundary>
    );
  }
  Guarded.displayName = `Guarded(${Figure.name})`;
  return Guarded;
}
