import { memo } from 'react';

/** The short text under the lab: what this is, how to use it, what the numbers mean. */
export const Explanations = memo(function Explanations() {
  return (
    <footer className="explanations" data-testid="explanations">
      <section>
        <h2>What is this?</h2>
        <p>
          Basin trains a small neural network right here, in a background thread of your browser, and shows
          what it learns. Pick data and a model above, press <kbd>Play</kbd>, and watch the decision boundary,
          the digits it gets wrong, and the loss curves change epoch by epoch.
        </p>
      </section>
      <section>
        <h2>Reproducible by design</h2>
        <p>
          One seed decides the data, the initial weights and the order of the batches. <em>Reset</em> replays
          the same run; <em>Link</em> copies the address, which holds every setting, and whoever opens it gets
          the same numbers on the same backend (other backends agree to about six decimals). <em>Save</em>{' '}
          keeps data, weights, metrics and analyses as one JSON file that <em>Open…</em> (or dropping the file
          on the page) shows again without retraining. <em>Exercise…</em> builds a link with settings or
          figures hidden, or one panel alone for an iframe in slides.
        </p>
      </section>
      <section>
        <h2>Keyboard</h2>
        <p>
          <kbd>Space</kbd> play / pause, <kbd>.</kbd> one epoch, <kbd>R</kbd> reset, <kbd>Tab</kbd> moves
          through every control. Each chart has a text summary and a table under “How to read this”.
        </p>
      </section>
      <section>
        <h2>When training blows up</h2>
        <p>
          If the loss becomes infinite or “not a number”, training stops and tells you. The usual cure is a
          smaller learning rate; one click brings back the last good weights.
        </p>
      </section>
    </footer>
  );
});
