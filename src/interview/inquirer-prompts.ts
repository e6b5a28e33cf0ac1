import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { styleText } from 'node:util';
import { wrapAnsi } from 'fast-wrap-ansi';
import { InterruptedError } from '../errors.js';
import { bracketedPasteOff, bracketedPasteOn } from './paste-input.js';
import { createPromptInputs, type TerminalInput } from './prompt-input.js';
import { fitIndent, narrowestRow, wrapLine } from './describe-answers.js';
import { paragraphMark, type CheckboxQuestion, type ConfirmQuestion, type InputQuestion, type InterviewPrompts, type SelectQuestion } from './prompts.js';

/**
 * The interview's prompts on a real terminal, through @inquirer/prompts (the
 * only module that imports it). Ctrl-C makes a prompt reject with
 * ExitPromptError; it becomes an InterruptedError, which the CLI turns into
 * "nothing was written" and exit code 130.
 *
 * Long text uses the one-line input prompt on purpose: the editor prompt
 * opens $EDITOR, which many users cannot drive (and which a test terminal
 * cannot), while an input line takes a paragraph of any length, wraps on
 * screen, and keeps the usual line editing.
 */

/** Where prompts read and write; tests pass their own streams. */
export interface PromptStreams {
  input?: TerminalInput;
  /** Where the questions are drawn; a terminal's width fits them, and pastes are joined only on one. */
  output?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** What each prompt of the library is asked with. */
interface PromptContext {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal: AbortSignal;
}

// Keep the long lists readable without scrolling in a normal terminal.
const pageSize = 12;

/**
 * What the prompt draws before a question: its mark ("?", "✔" once answered) and a space. The prompt itself
 * breaks a row that is too long wherever the terminal's edge falls, mid-word ("Agreement for 1:1 Safeguarding
 * Supervisi" / "on"), so the interview hands it rows that already fit: the question wrapped at word boundaries,
 * and what is drawn after it on its last row (the answer in brackets, the answer given) wrapped on from there.
 */
const promptMark = '? ';

/** A question wrapped at word boundaries to the terminal after the prompt's mark, and its last row as drawn. */
function wrapQuestion(message: string, width: number): { message: string; lastRow: string } {
  const drawn = wrapLines(`${promptMark}${message}`, width);
  return { message: drawn.slice(promptMark.length), lastRow: drawn.slice(drawn.lastIndexOf('\n') + 1) };
}

/**
 * `text` as the prompt draws it after `row` (a question's last row) and a space: wrapped at word boundaries in
 * the terminal's columns, starting on that row if its first word fits there, on the next if not.
 */
function continueRow(row: string, text: string, width: number): string {
  const drawn = wrapLine(`${row} ${text}`, width, '').join('\n');
  // The row fits, so what is drawn starts with it; the prompt puts the space (or the line break's) back itself.
  return drawn.startsWith(row) ? drawn.slice(row.length).replace(/^ /, '') : text;
}

/** Each row styled on its own, so a colour never spills into what the terminal draws beside it. */
function styleRows(style: Parameters<typeof styleText>[0], text: string): string {
  return text
    .split('\n')
    .map((row) => (row === '' ? row : styleText(style, row)))
    .join('\n');
}

/**
 * `width`: the terminal's, to which an answer's error is wrapped at word boundaries (the prompt itself would cut
 * words). Once answered, the answer is echoed as it is kept: trimmed (an email address pasted with a space before
 * it was echoed with the space), or as `question.echo` words it.
 */
export function buildInputConfig(question: InputQuestion, width = 80) {
  const { message, lastRow } = wrapQuestion(question.message, width);
  return {
    message,
    default: question.default,
    prefill: question.editable ? ('editable' as const) : ('tab' as const),
    validate: (text: string): string | true => question.validate(text) ?? true,
    transformer: (text: string, { isFinal }: { isFinal: boolean }): string =>
      isFinal ? styleRows('cyan', continueRow(lastRow, question.echo ? question.echo(text) : text.trim(), width)) : text,
    theme: {
      style: {
        error: (text: string): string => styleText('red', `> ${wrapLines(text, width - 2).replaceAll('\n', '\n  ')}`),
        defaultAnswer: (text: string): string => styleRows('dim', offerDefault(lastRow, text, width)),
      },
    },
  };
}

/**
 * The answer offered back, in brackets after the question's last row (`row`), wrapped on from it and cut to the
 * end of the row below: a recording method of 4,000 characters filled fifty rows, pushing the question off the
 * top of the screen. Enter still takes it whole, and Tab puts it whole on the line to edit.
 */
function offerDefault(row: string, text: string, width: number): string {
  const rows = continueRow(row, `(${text})`, width).split('\n');
  // The first of these shares the question's row, unless not even the first word fitted there.
  const kept = rows[0] === '' ? 3 : 2;
  if (rows.length <= kept) return rows.join('\n');
  const last = rows[kept - 1]!;
  // At a word boundary, in the terminal's columns, leaving two for "…)".
  const cut = wrapAnsi(last, Math.max(1, width - 2), { hard: true }).split('\n')[0]!;
  return [...rows.slice(0, kept - 1), `${cut}…)`].join('\n');
}

/**
 * `width`: the terminal's. A choice's description (shown under the list) is wrapped at word boundaries, and a
 * choice too long for its row is wrapped under its own text, not under the pointer: "in person or by video call,
 * as agreed for each session" was broken at "sessi" / "on" in a terminal of 50 columns. Once chosen, the choice is
 * drawn after the question, wrapped on from its last row.
 */
export function buildSelectConfig<T extends string>(question: SelectQuestion<T>, width = 80) {
  const { message, lastRow } = wrapQuestion(question.message, width);
  return {
    message,
    choices: question.choices.map((choice) => ({
      value: choice.value,
      name: wrapLine(choice.name, width - '❯ '.length, '').join('\n  '),
      short: continueRow(lastRow, choice.short ?? choice.name, width),
      description: choice.description === undefined ? undefined : wrapLines(choice.description, width),
    })),
    default: question.default,
    pageSize,
    loop: false,
    theme: { style: { keysHelpTip: keysHelpTip(width, question.choices.length >= typingWorthSaying ? [typeToJump] : []) } },
  };
}

/**
 * A list this long is worth saying can be walked by typing: the prompt jumps to the first choice starting with
 * what is typed, but says only "↑↓ navigate", so no one who avoids the arrow keys (a screen reader's user) found it.
 */
const typingWorthSaying = 5;
const typeToJump = ['type', "a choice's first letters to jump to it"] as const;

/**
 * The keys a list takes, as the prompt lists them under it ("↑↓ navigate • ⏎ select"), wrapped between them
 * in the terminal's columns: the prompt broke the row where the terminal's edge fell ("space sele" / "ct").
 */
function keysHelpTip(width: number, more: readonly (readonly [string, string])[] = []): (keys: readonly (readonly [string, string])[]) => string {
  // A no-break space holds each key to what it does.
  return (keys) =>
    wrapAnsi([...keys, ...more].map(([key, action]) => `${styleText('bold', key)}\u00a0${styleText('dim', action)}`).join(styleText('dim', ' • ')), width, { hard: true });
}

/**
 * `width`: the terminal's. A question longer than a row is wrapped at word
 * boundaries after the prompt's "? ", leaving room on its last row for the
 * " (y/N)" the prompt adds: the terminal cut "contracted out" question
 * between "(y/" and "N)". Only the last row gives up that room: a file's
 * path in "… already exists. Replace it?" was broken at 31 columns of 40.
 */
export function buildConfirmConfig(question: ConfirmQuestion, width = 80) {
  // Held to the last word by a no-break space while wrapping, then left for the prompt to draw.
  const keys = '\u00a0(y/N)';
  const drawn = wrapLines(`${promptMark}${question.message}${keys}`, width);
  const message = drawn.endsWith(keys) ? drawn.slice(promptMark.length, -keys.length) : wrapLines(question.message, Math.max(narrowestRow, width - promptMark.length - keys.length));
  return { message, default: question.default };
}

/**
 * `width`: the terminal's, to which the question is wrapped; the callers fit each choice to a row. Once answered,
 * the count is drawn after the question, wrapped on from its last row: at 60 columns the terminal's edge fell in it
 * ("… untick any you do not want 5 ch" / "osen").
 */
export function buildCheckboxConfig<T extends string>(question: CheckboxQuestion<T>, width = 80) {
  const { message, lastRow } = wrapQuestion(question.message, width);
  return {
    message,
    choices: question.choices.map((choice) => ({ value: choice.value, name: choice.name, checked: choice.checked })),
    pageSize,
    loop: false,
    // Echo a count once answered: the items themselves can be long sentences.
    theme: {
      style: {
        renderSelectedChoices: (chosen: readonly unknown[]) => continueRow(lastRow, `${chosen.length} chosen`, width),
        keysHelpTip: keysHelpTip(width),
      },
    },
    validate: (chosen: readonly { value: T }[]): string | true =>
      question.validate?.(chosen.map((choice) => choice.value)) ?? true,
  };
}

function isPromptError(error: unknown, name: 'ExitPromptError' | 'AbortPromptError'): boolean {
  return error instanceof Error && error.name === name;
}

async function mapInterrupt<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (isPromptError(error, 'ExitPromptError')) throw new InterruptedError('Interrupted: nothing was written.');
    if (isPromptError(error, 'AbortPromptError')) throw new InterruptedError('Stopped: the input ended (Ctrl-D), so nothing was written.');
    throw error;
  }
}

/**
 * Ctrl-D on an empty answer ends the input: readline closes and pauses the
 * stream, but the prompt library only stops drawing, and its prompt would
 * wait for ever, deaf to Enter. A prompt still unanswered once its input has
 * paused is therefore stopped, as Ctrl-C stops it. When a prompt is answered
 * its readline pauses the input too, but by then it has settled.
 */
function stopWhenInputEnds<T>(input: NodeJS.ReadableStream, ask: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let settled = false;
  const onPause = (): void => {
    setImmediate(() => {
      if (!settled) controller.abort();
    });
  };
  input.on('pause', onPause);
  return ask(controller.signal).finally(() => {
    settled = true;
    input.removeListener('pause', onPause);
  });
}

/**
 * Wraps each line at word boundaries to the terminal, which would otherwise
 * cut a long sentence (a pack's description, a field's help) in the middle of
 * a word. A wrapped line's continuation keeps its indent.
 */
export function wrapLines(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = fitIndent(/^ */.exec(line)?.[0] ?? '', width);
      const wrapped = wrapAnsi(line.trimStart(), width - indent.length, { hard: true });
      return wrapped.split('\n').map((part) => `${indent}${part}`).join('\n');
    })
    .join('\n');
}

/** What became of the line breaks of a paste that were made spaces, said under the answer. */
function describeBreaksMadeSpaces(question: InputQuestion, answer: string): string {
  if (question.pastedLines !== 'paragraphs') return 'The line breaks in what you pasted were made spaces: this answer is one line.';
  const paragraphs = answer.split(paragraphMark).filter((part) => part.trim() !== '').length;
  return paragraphs > 1
    ? `Kept as ${paragraphs} paragraphs (${paragraphMark}); the line breaks inside them were made spaces.`
    : 'The line breaks in what you pasted were made spaces: only a blank line starts a new paragraph.';
}

/** Below this, no wrapping helps: a word of the interview's own ("supervision") would not fit a row. */
const narrowestWidth = narrowestRow + 2;

/**
 * The columns the interview's text may fill in a terminal `columns` wide: one
 * fewer, as a row filled to its last column leaves some terminals' cursor on
 * an empty row below; at most 100, as longer lines are hard to read; 80
 * where the width is not known (not a terminal). A narrow one (a split
 * pane, a phone) is taken at its width, down to the narrowest that wrapping
 * can help: 20 columns were once taken for 80, and every line overflowed.
 */
function textWidth(columns: number | undefined): number {
  if (typeof columns !== 'number' || !Number.isFinite(columns) || columns <= 0) return 80;
  return Math.max(narrowestWidth, Math.min(columns - 1, 100));
}

/**
 * Node's readline gives up line editing where TERM is `dumb`: Backspace, Ctrl-U and the arrow keys went into the
 * answer as characters, refused as "control characters (found U+007F)", and no key could take them out again, so
 * one typo left only Ctrl-C. The prompts draw with the same cursor movements whatever TERM says, so only the
 * editing is lost. Readline looks at TERM once, as the prompt creates it (synchronously, inside the call), so
 * TERM is set aside for that call alone, as @inquirer/testing does; FORCE_COLOR=0 meanwhile keeps what the
 * prompt draws at once as colourless as TERM=dumb keeps the rest.
 */
export function withLineEditing<T>(create: () => T, env: NodeJS.ProcessEnv = process.env): T {
  if (env.TERM !== 'dumb') return create();
  const forceColor = env.FORCE_COLOR;
  env.TERM = 'xterm';
  if (forceColor === undefined) env.FORCE_COLOR = '0';
  try {
    return create();
  } finally {
    env.TERM = 'dumb';
    if (forceColor === undefined) delete env.FORCE_COLOR;
  }
}

export function createInquirerPrompts(streams: PromptStreams = {}): InterviewPrompts {
  const output = streams.output ?? process.stdout;
  const terminal = streams.input ?? process.stdin;
  // A paste of several lines into an answer is joined into one (paste-input.ts), on a terminal that marks pastes.
  const joinsPastes = terminal.isTTY === true && output.isTTY === true;
  // Every prompt reads the terminal through this one reader, which keeps keys typed ahead of a question for it (prompt-input.ts).
  const inputs = createPromptInputs(terminal, { joinPastes: joinsPastes });
  let pasteMarking = false;
  /** Asks one question on its own input, which is handed back once the question is answered or stopped. */
  const ask = <T>(prompt: (context: PromptContext) => Promise<T>, opened = inputs.open()): Promise<T> =>
    stopWhenInputEnds(opened.input, (signal) => withLineEditing(() => prompt({ input: opened.input, output, signal }))).finally(() => opened.detach());
  const askLine = async (question: InputQuestion): Promise<string> => {
    if (joinsPastes && !pasteMarking) {
      pasteMarking = true;
      output.write(bracketedPasteOn);
      // However the command ends (Ctrl-C included, through the one exit point), the shell gets its terminal back as it was.
      process.once('exit', () => output.write(bracketedPasteOff));
    }
    const opened = inputs.open({ pastedLines: question.pastedLines });
    const answer = await ask((context) => input(buildInputConfig(question, width()), context), opened);
    // The answer on screen reads as if typed on one line: what became of the paste's line breaks is said.
    if (opened.breaksMadeSpaces > 0) showHelp(describeBreaksMadeSpaces(question, answer));
    return answer;
  };
  const width = (): number => textWidth(output.columns);
  const say = (text: string): void => {
    output.write(`${wrapLines(text, width())}\n`);
  };
  const showHelp = (help: string | undefined): void => {
    if (help) output.write(`${styleText('dim', wrapLines(`  ${help}`, width()))}\n`);
  };
  return {
    input(question) {
      showHelp(question.help);
      return mapInterrupt(askLine(question));
    },
    select(question) {
      showHelp(question.help);
      return mapInterrupt(ask((context) => select(buildSelectConfig(question, width()), context)));
    },
    confirm(question) {
      showHelp(question.help);
      return mapInterrupt(ask((context) => confirm(buildConfirmConfig(question, width()), context)));
    },
    checkbox(question) {
      showHelp(question.help);
      return mapInterrupt(ask((context) => checkbox(buildCheckboxConfig(question, width()), context)));
    },
    say,
    get width() {
      return width();
    },
  };
}
