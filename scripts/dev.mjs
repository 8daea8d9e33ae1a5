// `npm run dev`: Vite's own command line (all its options pass through), plus one guard. npm runs a script
// through a shell; stopping npm by its PID ends that shell but not its children, and Vite would keep
// serving. Here the server notices that its parent is gone and exits too. Ctrl+C works as usual.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();

await import(pathToFileURL(join(import.meta.dirname, '../node_modules/vite/bin/vite.js')).href);
