#!/usr/bin/env node
// `--version` is answered here, before anything else loads: it is what
// scripts and installers call most, and it needs nothing but package.json.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
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
}
