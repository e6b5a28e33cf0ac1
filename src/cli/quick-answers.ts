import { readFileSync } from 'node:fs';
import { readVersion } from '../version.js';

/**
 * `--version` and `--help` are what installers, scripts and first-time users
 * call most, and they should answer as fast as `node` itself starts. They
 * are answered here, before commander or any command module loads: the
 * version from package.json (version.ts, which loads nothing else either),
 * the help from the texts commander rendered at build time
 * (`scripts/write-help-texts.mjs`, from the same command definitions).
 * Anything else, or anything unexpected, returns undefined and the full CLI
 * takes over.
 */

/** Help is wrapped at 80 columns at most, so the text rendered at build time is what commander prints on any wider screen or a pipe. */
export const helpWidth = 80;

const helpFlags = new Set(['-h', '--help']);

/**
 * The command whose help the arguments ask for ('' for the program, 'templates list' for a
 * sub-command), or undefined when they ask for something else.
 */
export function helpTopic(args: readonly string[]): string | undefined {
  if (args.length === 0) return '';
  const isWord = (word: string): boolean => /^[a-z][a-z-]*$/.test(word);
  // `help templates show` as `templates show --help`: commander's own help command reads only the first word.
  if (args[0] === 'help') return args.slice(1).every(isWord) ? args.slice(1).join(' ') : undefined;
  const last = args.at(-1);
  if (last === undefined || !helpFlags.has(last)) return undefined;
  const path = args.slice(0, -1);
  return path.every(isWord) ? path.join(' ') : undefined;
}

interface OutputStream {
  isTTY?: boolean;
  columns?: number;
}

/** The help texts written beside this module at build time, or undefined without them (plain `tsc`). */
function readBuiltHelpTexts(): Record<string, string> | undefined {
  try {
    return JSON.parse(readFileSync(new URL('./help-texts.json', import.meta.url), 'utf8')) as Record<string, string>;
  } catch {
    return undefined;
  }
}

export function quickAnswer(
  args: readonly string[],
  stdout: OutputStream,
  helpTexts: () => Record<string, string> | undefined = readBuiltHelpTexts,
): string | undefined {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return `${readVersion()}\n`;
  const topic = helpTopic(args);
  // A terminal narrower than the help is wrapped by commander to fit it.
  if (topic === undefined || (stdout.isTTY === true && (stdout.columns ?? 0) < helpWidth)) return undefined;
  // Without the texts (built with plain `tsc`), or for a command they do not have, commander answers.
  const texts = helpTexts();
  return texts && Object.hasOwn(texts, topic) ? texts[topic] : undefined;
}
