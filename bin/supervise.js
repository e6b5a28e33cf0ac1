#!/usr/bin/env node
// The compiled CLI lives in dist/; a fresh checkout has none until it is built.
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('error: supervise is not built yet. Run `npm install` (or `npm run build`) in its folder first.\n');
    process.exit(1);
  }
  throw error;
}
await cli.main(process.argv);
