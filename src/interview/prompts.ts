/**
 * What the interview needs from a terminal, and nothing more. The flow
 * (which field next, conditions, the review loop) is written against this
 * interface, so tests drive it with scripted answers in-process; the real
 * implementation wrapping @inquirer/prompts lives in `inquirer-prompts.ts`.
 *
 * Every prompt checks its own answer: `validate` returns a message for a
 * bad answer, which is shown under the prompt before it asks again.
 */

/**
 * Where an answer on the prompt's one line goes on to a new paragraph, with a
 * space either side: a pasted blank line is shown so (prompt-input.ts), and
 * a long text from an answers file is offered back so, to be edited without
 * running its paragraphs together.
 */
export const paragraphMark = '¶';

/**
 * What the line breaks of a paste into an answer become, other than spaces: `paragraphs`, its blank lines are
 * kept as ` ¶ ` (a long text); `items`, each of its lines is, to be an item of its own (a list's next items).
 */
export type PastedLines = 'paragraphs' | 'items';

export interface InputQuestion {
  message: string;
  /** What a paste's line breaks become, where not spaces (PastedLines). */
  pastedLines?: PastedLines | undefined;
  /** A sentence from the pack explaining the field, shown with the question. */
  help?: string | undefined;
  /** Accepted by pressing Enter on an empty line. */
  default?: string | undefined;
  /** The default is put on the line to be edited, rather than shown beside it: for rewording a long answer. */
  editable?: boolean | undefined;
  /** A message for an unacceptable answer, or undefined to accept it. */
  validate: (text: string) => string | undefined;
  /** How the accepted answer is echoed, e.g. a typed date in UK long form. */
  echo?: ((text: string) => string) | undefined;
}

export interface SelectChoice<T extends string> {
  value: T;
  name: string;
  /** How the choice is echoed once made, where `name` is cut to fit a row of the list: the whole of it. */
  short?: string | undefined;
  description?: string | undefined;
}

export interface SelectQuestion<T extends string> {
  message: string;
  help?: string | undefined;
  choices: readonly SelectChoice<T>[];
  default?: T | undefined;
}

export interface ConfirmQuestion {
  message: string;
  help?: string | undefined;
  default: boolean;
}

export interface CheckboxQuestion<T extends string> {
  message: string;
  help?: string | undefined;
  choices: readonly (SelectChoice<T> & { checked: boolean })[];
  /** A message when the ticked values are not acceptable. */
  validate?: ((values: readonly T[]) => string | undefined) | undefined;
}

export interface InterviewPrompts {
  input(question: InputQuestion): Promise<string>;
  select<T extends string>(question: SelectQuestion<T>): Promise<T>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  /** Several of a list; resolves to the values ticked, in list order. */
  checkbox<T extends string>(question: CheckboxQuestion<T>): Promise<T[]>;
  /** Text between questions: the review, a problem carried over from an answers file. */
  say(text: string): void;
  /** Columns available for text, to wrap the review. */
  readonly width: number;
}
