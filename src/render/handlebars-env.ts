import Handlebars from 'handlebars';
import { formatMinutes, withoutClosingStop, withoutLeadingWord } from '../packs/field-values.js';
import type { FieldType } from '../packs/pack-format.js';

/**
 * One Handlebars environment for the whole process, isolated from the global
 * one, with its helpers registered once here and never at render time.
 * Partials differ per pack, so they are passed with each render rather than
 * registered. Rendering (render-markdown.ts) and `supervise check`
 * (packs/template-syntax.ts, packs/template-names.ts) share it, so a
 * template is parsed and compiled exactly as it renders. A module of its
 * own so that rendering can use check's analysis without an import cycle.
 */
export const handlebars = Handlebars.create();

export const templateHelpers = {
  /** `{{minutes 90}}` → `1 hour 30 minutes`. */
  minutes: (value: unknown) => (typeof value === 'number' ? formatMinutes(value) : ''),
  /** `{{#if (eq a "b")}}`. */
  eq: (left: unknown, right: unknown) => left === right,
  /** `{{inc @index}}` → 1-based numbering. */
  inc: (value: unknown) => (typeof value === 'number' ? value + 1 : value),
  /**
   * `{{sentence answer}}` → the answer with a full stop added if it does not
   * already end a sentence, for an answer printed as the end of one
   * ("Supervision is not: {{sentence notSupervision}}"), which people type
   * both with and without.
   */
  sentence: (value: unknown) => {
    if (typeof value !== 'string') return value ?? '';
    const text = value.trimEnd();
    return text === '' || /[.!?…][\])"'”’]*$/.test(text) ? text : `${text}.`;
  },
  /**
   * `{{clause answer}}` → the answer without the full stop people end it
   * with, for an answer printed in the middle of a sentence ("on
   * {{clause schedule.day}}, at 14:00"), where that stop would end the
   * sentence too soon. The stop of an abbreviation (Ltd., etc., U.K.) or an
   * initial (Jo B.) is kept. `after="on"` names the word the template puts
   * before the answer, dropped from the answer's start if it was typed there
   * too: "on {{clause schedule.day after="on"}}" prints "on Tuesdays" for
   * "On Tuesdays", never "on On Tuesdays".
   */
  clause: (value: unknown, options?: { hash?: Record<string, unknown> }) => {
    if (typeof value !== 'string') return value ?? '';
    const text = withoutClosingStop(value);
    const after = options?.hash?.after;
    return typeof after === 'string' ? withoutLeadingWord(text, after) : text;
  },
} as const;

/**
 * How each helper is called, for `supervise check`: given too few values a
 * helper does not fail, it prints its options object ("[object Object]")
 * into the agreement. Nor does one given a field of a type it cannot use
 * (`takes`): `minutes` prints nothing, `inc` prints the value unchanged and
 * `sentence` prints it without its full stop, or as "[object Object]".
 */
export interface HelperUsage {
  values: number;
  example: string;
  /** The options (`name="…"`) it reads; `check` reports any other, which would be ignored. */
  options?: readonly string[];
  /** The field types its value may come from, and those in words; absent for a helper that takes any. */
  takes?: { types: readonly FieldType[]; words: string };
}

export const helperUsage: Readonly<Record<keyof typeof templateHelpers, HelperUsage>> = {
  minutes: {
    values: 1,
    example: '{{minutes schedule.durationMinutes}}',
    takes: { types: ['integer'], words: 'a number of minutes, from an integer field' },
  },
  eq: { values: 2, example: '{{#if (eq schedule.frequency "monthly")}}' },
  inc: { values: 1, example: '{{inc @index}}', takes: { types: ['integer'], words: 'a number, from an integer field or @index' } },
  sentence: {
    values: 1,
    example: '{{sentence notSupervision}}',
    // Dates and choices reach templates as text (a UK long date, a choice's label).
    takes: { types: ['text', 'longtext', 'choice', 'date', 'time'], words: 'text, from a text, longtext, choice, date or time field' },
  },
  clause: {
    values: 1,
    example: '{{clause schedule.day}}',
    options: ['after'],
    takes: { types: ['text', 'longtext', 'choice', 'date', 'time'], words: 'text, from a text, longtext, choice, date or time field' },
  },
};

/**
 * The helpers whose output is their argument, reworded: `{{sentence x}}`
 * or `{{clause x}}` prints x as `{{x}}` would, so `supervise check` holds an answer given to
 * one to the same rules as one printed directly. (`eq` only tests.)
 */
export const printingHelpers: ReadonlySet<keyof typeof templateHelpers> = new Set(['minutes', 'inc', 'sentence', 'clause']);

for (const [name, helper] of Object.entries(templateHelpers)) handlebars.registerHelper(name, helper);
// Handlebars' own `log` writes to the console: in a template it would print into stdout, the data channel of
// `batch --json` and `check --json`, on every render. Without it, `check` reports `{{log …}}` as no helper.
handlebars.unregisterHelper('log');

/**
 * `strict` makes a name the pack does not declare an error rather than an
 * empty string. `noEscape` because the context is already escaped for
 * Markdown, and Handlebars' own escaping is for HTML.
 */
export const compileOptions = { strict: true, noEscape: true } as const;
