import type { Reporter } from './reporter.js';

/**
 * What a command may know about the world it runs in. Commands take it as a
 * parameter instead of reading `process` so tests can run them in-process.
 */
export interface CommandContext {
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when a person can answer prompts: stdin and stdout are terminals. */
  interactive: boolean;
  /**
   * A person is at a terminal (stdin is one) but the output is redirected or piped (`supervise new > log.txt`),
   * so nothing is asked, as the questions could not be seen: said when answers are missing, as the reason.
   */
  outputRedirected?: boolean;
  /** The version printed by --version and recorded in manifests. */
  version: string;
}
