#!/usr/bin/env node
// The command. Written so that every Node.js still found on servers reads it, back to the Node.js 10 and 12 that
// Ubuntu 20.04 and 22.04 install with `apt install nodejs`: there the CLI itself (bin/run.js) failed with a stack
// trace at its first `await`, and Node.js 18 ran some commands and failed others as "a bug in supervise". An older
// Node.js is named, with what to do, before anything else is read. Keep the version in step with package.json's
// "engines" (a test checks that they agree).
var required = [20, 17];
var running = process.versions.node.split('.').map(Number);
if (running[0] < required[0] || (running[0] === required[0] && running[1] < required[1])) {
  process.stderr.write(
    'error: supervise needs Node.js ' + required.join('.') + ' or later; this is Node.js ' + process.versions.node + '\n' +
      'Install a newer Node.js (its current LTS release) and run the command again.\n',
  );
  process.exitCode = 1;
} else {
  import('./run.js');
}
