// The CLI proper, loaded by bin/supervise.js once it has checked that this Node.js can run it.
// The compiled CLI lives in dist/; a fresh checkout has none until it is built.
let quickAnswers;
try {
  quickAnswers = await import('../dist/cli/quick-answers.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/quick-answers.js')) {
    process.stderr.write('error: supervise is not built yet. Run `npm install` (or `npm run build`) in its folder first.\n');
    process.exit(1);
  }
  throw error;
}
// `--version` and `--help` are answered before anything else loads (see quick-answers.ts).
const answer = quickAnswers.quickAnswer(process.argv.slice(2), process.stdout);
if (answer === undefined) {
  // A Ctrl-C while the CLI loads is said, as any other is (see early-interrupts.ts).
  const earlyInterrupts = await import('../dist/cli/early-interrupts.js');
  earlyInterrupts.startEarlyInterrupts(process.argv);
  const cli = await import('../dist/cli/main.js');
  await cli.main(process.argv);
} else {
  // `supervise --help | head -3` closes the pipe early; that is the reader's choice. Any other failure to write
  // (`> /dev/full`) is said as the full CLI says it, with what that needs loaded only then.
  process.stdout.on('error', async (error) => {
    if (error?.code === 'EPIPE') return;
    process.exitCode = 1;
    const [{ stdoutFailure }, { createReporter }] = await Promise.all([import('../dist/cli/stdout-failure.js'), import('../dist/cli/reporter.js')]);
    createReporter().error(stdoutFailure(error));
  });
  process.stdout.write(answer);
}
