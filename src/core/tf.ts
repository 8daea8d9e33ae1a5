/**
 * The one entry point to tfjs for Basin's core: tfjs-core plus its chained-op methods (`x.reshape(...)`) and gradients,
 * which tfjs-core alone does not register. Import tfjs as `import * as tf from '…/core/tf'`.
 */
// tfjs-core itself first: its flags must be registered before the gradient modules run. (Vite's dev server
// pre-bundles these entries separately and evaluates them in import order.)
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export * from '@tensorflow/tfjs-core';
