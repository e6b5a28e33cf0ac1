import type { CheckboxQuestion, InterviewPrompts, SelectQuestion } from '../../../src/interview/prompts.js';

/**
 * Scripted prompts for driving the interview in-process. Each step names the
 * kind of prompt expected and a piece of its message, so a test fails loudly
 * when the interview asks something else than the script expects. A typed
 * answer that fails validation is recorded and the next step answers the
 * same question again, as a person would after reading the message.
 */
export type Step =
  | { input: string; answer: string }
  | { select: string; answer: string }
  | { confirm: string; answer: boolean }
  | { checkbox: string; answer: string[] };

export interface AskedRecord {
  kind: 'input' | 'select' | 'confirm' | 'checkbox';
  message: string;
  help?: string | undefined;
  default?: unknown;
  /** The default was put on the line to edit. */
  editable?: boolean | undefined;
  choices?: string[];
  /** A select's choices as shown (`choices` holds their values). */
  shown?: string[];
  /** Validation messages shown for this question, in order. */
  errors: string[];
  echo?: string;
}

/** Type this to accept the question's default, like pressing Enter. */
export const ENTER = '';

export class FakePrompts implements InterviewPrompts {
  readonly asked: AskedRecord[] = [];
  readonly said: string[] = [];
  readonly width: number;
  private readonly steps: Step[];

  constructor(steps: Step[], width = 80) {
    this.steps = [...steps];
    this.width = width;
  }

  get remaining(): number {
    return this.steps.length;
  }

  private next<K extends 'input' | 'select' | 'confirm' | 'checkbox'>(kind: K, message: string): Extract<Step, Record<K, unknown>> {
    const step = this.steps.shift();
    if (!step) throw new Error(`Script ran out at ${kind} "${message}"`);
    if (!(kind in step)) throw new Error(`Expected ${Object.keys(step)[0]} "${JSON.stringify(step)}" but was asked ${kind} "${message}"`);
    const expected = (step as Record<string, unknown>)[kind] as string;
    if (!message.includes(expected)) throw new Error(`Expected a ${kind} about "${expected}" but was asked "${message}"`);
    return step as Extract<Step, Record<K, unknown>>;
  }

  async input(question: Parameters<InterviewPrompts['input']>[0]): Promise<string> {
    const record: AskedRecord = { kind: 'input', message: question.message, help: question.help, default: question.default, editable: question.editable, errors: [] };
    this.asked.push(record);
    for (;;) {
      const step = this.next('input', question.message);
      const text = step.answer === ENTER ? (question.default ?? '') : step.answer;
      const error = question.validate(text);
      if (error === undefined) {
        record.echo = question.echo ? question.echo(text) : text;
        return text;
      }
      record.errors.push(error);
    }
  }

  async select<T extends string>(question: SelectQuestion<T>): Promise<T> {
    const record: AskedRecord = {
      kind: 'select',
      message: question.message,
      help: question.help,
      default: question.default,
      choices: question.choices.map((choice) => choice.value),
      shown: question.choices.map((choice) => choice.name),
      errors: [],
    };
    this.asked.push(record);
    const step = this.next('select', question.message);
    const choice = question.choices.find((candidate) => candidate.value === step.answer);
    if (!choice) throw new Error(`"${step.answer}" is not a choice of "${question.message}": ${question.choices.map((c) => c.value).join(', ')}`);
    // As the prompt echoes the choice made after the question.
    record.echo = choice.short ?? choice.name;
    return choice.value;
  }

  async confirm(question: Parameters<InterviewPrompts['confirm']>[0]): Promise<boolean> {
    this.asked.push({ kind: 'confirm', message: question.message, help: question.help, default: question.default, errors: [] });
    return this.next('confirm', question.message).answer;
  }

  async checkbox<T extends string>(question: CheckboxQuestion<T>): Promise<T[]> {
    this.asked.push({ kind: 'checkbox', message: question.message, choices: question.choices.map((choice) => choice.name), errors: [] });
    const step = this.next('checkbox', question.message);
    // As for select: a value that is not a choice would otherwise be dropped without a word, ticking less than scripted.
    const unknown = step.answer.filter((value) => !question.choices.some((choice) => choice.value === value));
    if (unknown.length > 0) throw new Error(`${unknown.join(', ')} not among the choices of "${question.message}": ${question.choices.map((c) => c.value).join(', ')}`);
    const values: T[] = question.choices.filter((choice) => step.answer.includes(choice.value)).map((choice) => choice.value);
    const error = question.validate?.(values);
    if (error) throw new Error(`checkbox refused: ${error}`);
    return values;
  }

  say(text: string): void {
    this.said.push(text);
  }
}
