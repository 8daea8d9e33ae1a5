// dist/ is deployable anywhere: served under /some/sub/path/ (as GitHub Pages serves a project), the default
// training journey and the share-link journey pass there, MNIST (fetched by the worker) loads, and the page
// asks for nothing outside its folder.
import { assert, byId, openLab, startServer, setting } from '../lib.mjs';
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
      const { page, errors } = await openLab(browser, server.url, '');
      await (await setting(page, 'dataset-kind')).selectOption('mnist');
      await byId(page, 'gallery-item').first().waitFor({ timeout: 120_000 });
      assert(new URL(page.url()).pathname === PREFIX, `the lab moved to ${page.url()}`);
      assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
      assert(server.outside.length === 0, `asked for paths outside ${PREFIX}: ${server.outside.join(', ')}`);
      return `under ${PREFIX}: ${trained}; ${shared}; MNIST gallery shown`;
    } finally {
      await server.close();
    }
  },
};
