// dist/ is deployable anywhere: served under /some/sub/path/ (as GitHub Pages serves a project), the default
// training journey and the share-link journey pass there, MNIST (fetched by the worker) loads, and the page
// asks for nothing outside its folder; the landscape workers (a worker the engine worker starts) load there too.
import {
  assert,
  byId,
  computeFreshLandscape2d,
  openLab,
  startServer,
  setting,
  waitForValue,
} from '../lib.mjs';
import train from './b-train-moons.mjs';
import share from './d-share-link.mjs';

const PREFIX = '/some/sub/path/';

export default {
  name: 'x. served under /some/sub/path/: train, share a link, load MNIST; nothing fetched outside it',
  timeoutSec: 420,
  async run({ browser }) {
    const server = await startServer({ prefix: PREFIX });
    try {
      const trained = await train.run({ browser, url: server.url, tag: '-subpath' });
      const shared = await share.run({ browser, url: server.url, tag: '-subpath' });
      // A 2-D landscape on wasm: shared with the landscape workers where the machine has a second core.
      const lab = await openLab(browser, server.url, '#v1&data.n=300&training.epochs=1&backend=wasm');
      await byId(lab.page, 'play').click();
      await waitForValue(lab.page, 'run-status', (v) => v === 'done', 120_000);
      await byId(lab.page, 'landscape2d').scrollIntoViewIfNeeded();
      const summary = await computeFreshLandscape2d(lab.page, 25, 120_000);
      const cores = await lab.page.evaluate(() => navigator.hardwareConcurrency);
      const sharing = /Shared among (\d+) CPU workers/.exec(summary);
      assert(
        cores < 2 || (sharing && !/Note:/.test(summary)),
        `no landscape workers under ${PREFIX}: ${summary}`,
      );
      assert(lab.errors.length === 0, `console errors: ${lab.errors.join(' | ')}`);
      const workers = sharing ? Number(sharing[1]) : 1;
      await lab.context.close();
      const { page, errors } = await openLab(browser, server.url, '');
      await (await setting(page, 'dataset-kind')).selectOption('mnist');
      await byId(page, 'gallery-item').first().waitFor({ timeout: 120_000 });
      assert(new URL(page.url()).pathname === PREFIX, `the lab moved to ${page.url()}`);
      assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
      assert(server.outside.length === 0, `asked for paths outside ${PREFIX}: ${server.outside.join(', ')}`);
      return `under ${PREFIX}: ${trained}; ${shared}; landscape shared among ${workers} CPU workers; MNIST gallery shown`;
    } finally {
      await server.close();
    }
  },
};
