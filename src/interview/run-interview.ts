import { coerceTypedValue } from '../packs/answer-sources.js';
import { readNumberWithUnit } from '../packs/answers-schema.js';
import { SuperviseError, type Problem } from '../errors.js';
import { explainTypedDate, formatUkLongDate, normaliseTypedDate, readYesNo, typedDateForms } from '../packs/field-values.js';
import { cloneAnswers, deletePath, getPath, isPlainObject, setPath, type PlainObject } from '../packs/object-paths.js';
import type { FieldOfType, FieldSpec, Pack, PackManifest } from '../packs/pack-format.js';
import { applyDefaults, resolveDefault, validateAnswers, type AnswersResult } from '../packs/validate-answers.js';
import { describeAnswer, describeChoice, describePerson, describeProblemPath, describeWarning, fitChoice, formatReview, itemsFromLine, onOneLine, paragraphsFromLine, paragraphsOnOneLine, wrapLine } from './describe-answers.js';
import { paragraphMark, type InterviewPrompts } from './prompts.js';

/**
 * The interview: which field to ask next, under which condition, and the
 * review loop. It only talks to `InterviewPrompts`, and it returns a plain
 * answers object that the caller validates like any answers file; every
 * answer is judged while typed by that same validation (`validateAnswers`
 * on the answers so far, narrowed to the field being asked), so a typed
 * answer and a file's answer can never be held to different rules.
 */

/** Lets the user pick one of the installed packs by its title and description. */
export async function chooseTemplate(packs: readonly Pack[], prompts: InterviewPrompts): Promise<Pack> {
  if (packs.length === 1) return packs[0]!;
  const name = await prompts.select({
    message: 'Which agreement do you want to write?',
    choices: packs.map((pack) => ({
      value: pack.manifest.name,
      name: pack.manifest.title,
      description: `${pack.manifest.description} (template "${pack.manifest.name}")`,
    })),
  });
  return packs.find((pack) => pack.manifest.name === name)!;
}

/**
 * Asks for every answer that is missing or invalid in `prefilled` (every
 * field, if nothing was prefilled), then shows the review until the user
 * confirms. Resolves to the answers as a plain object.
 */
export async function runInterview(pack: Pack, prefilled: unknown, prompts: InterviewPrompts, progress: InterviewProgress = {}): Promise<PlainObject> {
  const interview = new Interview(pack.manifest, prompts, prefilled, progress);
  await interview.askInitialQuestions();
  await interview.review();
  return interview.draft;
}

/** What the caller can still use of an interview cut short (Ctrl-C). */
export interface InterviewProgress {
  /** The answers as the review last showed them, every one valid: kept for --save-answers after Ctrl-C there. */
  reviewed?: PlainObject;
  /**
   * Before the review, once anything is answered: the answers so far, each accepted as it was typed, with the
   * people or items of a list being made that are added already. Not whole, but read back by --answers, only
   * what is still needed is asked: kept for --save-answers after Ctrl-C, rather than lost with the rest.
   */
  answeredSoFar?: PlainObject;
}

/**
 * Under an optional question that has an answer: Enter takes the answer in
 * brackets, and nothing on screen says how to have none. In @inquirer/input,
 * Backspace on the empty line drops the bracketed answer.
 */
const leaveOutHint = 'Backspace then Enter leaves it out.';
const keepOrLeaveOutHint = `Enter keeps it; ${leaveOutHint}`;
// The prompt's own key (Tab on an empty line), worth saying where an answer is offered back: few would guess it.
const editHint = 'Tab puts it on the line to edit.';
// A long text's paragraphs, offered back on the prompt's one line, are marked apart: the mark is said, and kept.
const paragraphHint = `Each ${paragraphMark} starts a new paragraph.`;
/** Asked for one more person, in a list that already has enough. */
const noOneMoreHint = 'Enter with no name adds no one.';

/**
 * A date in brackets as the help names it and the answer is echoed, "1
 * December 2027", not as it is stored: Enter gives that text, which is read
 * as a typed date is, back to the same day.
 */
function offeredDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const words = formatUkLongDate(value);
  return normaliseTypedDate(words) === value ? words : value;
}

/**
 * An answer from a file or --set that was not accepted, quoted and cut short
 * to be said with the problem; undefined for nothing to show (an empty text,
 * a list or a person, whose problem is said of the part concerned) or for a
 * value the problem already names ("but is 1 June 2027").
 */
function describeGiven(value: unknown, message: string): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  const text = onOneLine(String(value));
  if (text === '' || namesWord(message, text)) return undefined;
  if (typeof value === 'string' && formatUkLongDate(value) !== value && message.includes(formatUkLongDate(value))) return undefined;
  return `"${text.length > 60 ? `${text.slice(0, 59).trimEnd()}…` : text}"`;
}

/** Whether `text` stands in `message` as a word of its own ("but 123 is read as a number"), not inside one (the 1 of "180"). */
function namesWord(message: string, text: string): boolean {
  for (let at = message.indexOf(text); at !== -1; at = message.indexOf(text, at + 1)) {
    const before = message.slice(0, at);
    const after = message.slice(at + text.length);
    if (!/[\p{L}\p{N}]$/u.test(before) && !/^[\p{L}\p{N}]/u.test(after)) return true;
  }
  return false;
}

class Interview {
  readonly draft: PlainObject;
  /** Answers to questions that an answer here has turned off, by key: given back if they are turned on again. */
  private readonly setAside = new Map<string, unknown>();

  constructor(
    private readonly manifest: PackManifest,
    private readonly prompts: InterviewPrompts,
    prefilled: unknown,
    private readonly progress: InterviewProgress = {},
  ) {
    const clone = cloneAnswers(prefilled ?? {});
    if (isPlainObject(clone)) {
      this.draft = clone;
    } else {
      this.draft = {};
      prompts.say('The answers given are not a mapping of field names to answers; starting from nothing.');
    }
    delete this.draft.template;
  }

  private get isFresh(): boolean {
    return Object.keys(this.draft).length === 0;
  }

  async askInitialQuestions(): Promise<void> {
    const { manifest, prompts } = this;
    if (this.isFresh) {
      prompts.say(
        [
          manifest.title,
          manifest.description,
          '',
          'Press Enter to accept a suggestion shown in brackets. You can check and change every answer at the end.',
          'Ctrl-C stops at any time without writing the agreement.',
          '',
        ].join('\n'),
      );
      for (const field of manifest.fields) {
        if (this.isShown(field)) await this.askAndStore(field);
      }
      return;
    }
    this.dropUnknownAnswers();
    const pending = this.fieldsToAskFirst();
    if (pending.length > 0) {
      const dependent = this.countDependentQuestions(pending);
      const more = dependent > 0 ? `, and up to ${dependent} more depending on ${pending.length === 1 ? 'it' : 'them'}` : '';
      prompts.say(`${pending.length} answer${pending.length === 1 ? ' is' : 's are'} still needed for the ${manifest.title}${more}.\n`);
      await this.askFields(pending);
    }
  }

  /** Shows every answer; the user changes any of them, then confirms. Unresolved problems are asked first. */
  async review(): Promise<void> {
    const { manifest, prompts } = this;
    for (;;) {
      const result = this.validate(this.draft);
      if (!result.ok) {
        await this.askProblemFields(result.problems);
        continue;
      }
      this.progress.reviewed = structuredClone(this.draft);
      prompts.say(`\n${formatReview(manifest, result.answers, (field) => this.isShown(field), prompts.width)}\n`);
      // Shown here, while an answer can still be changed: after the review it could only be regretted.
      if (result.warnings.length > 0) {
        // Wrapped here, under the text rather than under the "!", as the review's answers are.
        const lines = result.warnings.flatMap((warning) => wrapLine(`  ! ${describeWarning(manifest, warning)}`, prompts.width, '    '));
        prompts.say(`Check ${result.warnings.length === 1 ? 'this' : 'these'} before you go on:\n${lines.join('\n')}\n`);
      }
      const action = await prompts.select({
        message: 'Is everything right?',
        choices: [
          { value: 'confirm', name: 'Yes, go on to write the agreement' },
          { value: 'change', name: 'Change an answer' },
        ],
      });
      if (action === 'confirm') return;
      const shown = manifest.fields.filter((field) => this.isShown(field));
      const key = await prompts.select({
        // Thirty answers are a long list to walk: the prompt jumps to what is typed, as the keys under it say.
        message: 'Which answer do you want to change?',
        choices: [
          // Echoed once picked as the question, whole: cut to fit the list, it was echoed "… from the s…:".
          ...shown.map((field) => ({ value: field.key, name: describeChoice(field, getPath(result.answers, field.key), prompts.width), short: field.label })),
          { value: '', name: 'None, back to the review' },
        ],
      });
      const field = shown.find((candidate) => candidate.key === key);
      if (field) await this.askAndStore(field);
    }
  }

  private async askProblemFields(problems: readonly Problem[]): Promise<void> {
    const fields = this.fieldsWithProblems(problems);
    if (fields.size === 0) {
      // Only reachable if validation reports something no question can fix.
      throw new SuperviseError('The interview cannot resolve these answers', { problems });
    }
    await this.askFields([...fields.keys()]);
  }

  /**
   * What a prefilled interview asks before the review, in the pack's order:
   * every field with a problem, and every date given in the answers that
   * must fall after one of those. Whether it does can only be known once
   * that one is answered, and a later answer may overtake it (a new start
   * date past the review date given), so it is asked then as well, keeping
   * the date given as the suggestion while it still fits. Asked in the same
   * round, it is counted in the opening "N answers are still needed".
   */
  private fieldsToAskFirst(): FieldSpec[] {
    const asked = new Set(this.fieldsWithProblems().keys());
    // Until nothing is added: a date can follow a date that follows an asked one.
    for (let added = true; added; ) {
      added = false;
      for (const field of this.manifest.fields) {
        if (asked.has(field) || field.type !== 'date' || field.after === undefined || getPath(this.draft, field.key) === undefined) continue;
        if ([...asked].some((other) => other.key === field.after) && this.isShown(field)) {
          asked.add(field);
          added = true;
        }
      }
    }
    return this.manifest.fields.filter((field) => asked.has(field));
  }

  /**
   * Unanswered questions that only a yes to one of `asked` brings in (the
   * line manager, once supervision is said to be contracted out): not yet
   * needed, so not counted as needed, but the opening count should not be
   * the whole story when they may follow.
   */
  private countDependentQuestions(asked: readonly FieldSpec[]): number {
    const keys = new Set(asked.map((field) => field.key));
    return this.manifest.fields.filter(
      (field) => field.when !== undefined && keys.has(field.when) && !this.isShown(field) && getPath(this.draft, field.key) === undefined,
    ).length;
  }

  /** Asks each field in turn, first saying what is wrong with the answer it has, as things stand by then. */
  private async askFields(fields: readonly FieldSpec[]): Promise<void> {
    for (const field of fields) {
      const problems = this.fieldsWithProblems().get(field) ?? [];
      for (const problem of problems) {
        // A person of a list who is no person is said as that person comes up (askPersons), not twice.
        if (this.isSaidWithItsPerson(field, problem)) continue;
        const given = getPath(this.draft, problem.path);
        if (given !== undefined || problem.path !== field.key) {
          // What was given is said too: it is not offered back, and a slip ("25:00" for 15:00) is easier to fix seen.
          // A date not read at all is told why as it is about to be typed, in the forms typing takes, not a file's.
          const unreadDate = field.type === 'date' && problem.path === field.key && typeof given === 'string' && normaliseTypedDate(given) === undefined;
          const message = unreadDate ? explainTypedDate(given) : problem.message;
          const shown = describeGiven(given, message);
          this.prompts.say(`The answer given for "${describeProblemPath(this.manifest, problem.path)}" was not accepted: ${message}${shown ? ` (given: ${shown})` : ''}`);
        }
      }
      const given = getPath(this.draft, field.key);
      if (problems.length === 0 && field.type === 'date' && field.after !== undefined && typeof given === 'string') {
        this.prompts.say(`"${field.label}" must be after "${describeProblemPath(this.manifest, field.after)}": check the date given, ${formatUkLongDate(given)}, against it.`);
      }
      await this.askAndStore(field);
    }
  }

  /** Whether askPersons says this problem itself: it is that of a member who is not a valid person alone. */
  private isSaidWithItsPerson(field: FieldSpec, problem: Problem): boolean {
    if (field.type !== 'persons') return false;
    const index = /^\d+/.exec(problem.path.slice(field.key.length + 1))?.[0];
    if (index === undefined || !problem.path.startsWith(`${field.key}.`)) return false;
    const person: unknown = getPath(this.draft, `${field.key}.${index}`);
    return this.problemAt(this.trial(field.key, [person]), `${field.key}.0`) !== undefined;
  }

  /** Problems grouped by the field that a question can fix, in the pack's order. */
  private fieldsWithProblems(problems: readonly Problem[] = this.currentProblems()): Map<FieldSpec, Problem[]> {
    const grouped = new Map<FieldSpec, Problem[]>();
    for (const field of this.manifest.fields) {
      const mine = problems.filter((problem) => problem.path === field.key || problem.path.startsWith(`${field.key}.`));
      if (mine.length > 0) grouped.set(field, mine);
    }
    return grouped;
  }

  private currentProblems(): Problem[] {
    const result = this.validate(this.draft);
    return result.ok ? [] : result.problems;
  }

  /**
   * Answers no question can fix (keys the template does not have, a group
   * that is not a mapping) are set aside with a warning, so the rest of the
   * answers file still counts.
   */
  private dropUnknownAnswers(): void {
    for (const problem of this.currentProblems()) {
      if (this.manifest.fields.some((field) => problem.path === field.key || problem.path.startsWith(`${field.key}.`))) continue;
      if (problem.path === '') continue;
      this.prompts.say(`Ignoring "${problem.path}": ${problem.message}.`);
      deletePath(this.draft, problem.path);
    }
  }

  /**
   * The validation every answer here is judged by, but with another field a
   * message depends on named by its question ("must be after "Date the
   * agreement starts""), not by the key an answers file would use.
   */
  private validate(draft: PlainObject): AnswersResult {
    return validateAnswers(this.manifest, draft, { nameField: (key) => `"${describeProblemPath(this.manifest, key)}"` });
  }

  /** The answers so far with defaults filled in, as the agreement would see them. */
  private withDefaults(draft: PlainObject = this.draft): PlainObject {
    const copy = structuredClone(draft);
    applyDefaults(this.manifest, copy);
    return copy;
  }

  private isShown(field: FieldSpec): boolean {
    return field.when === undefined || getPath(this.withDefaults(), field.when) === true;
  }

  /** The first problem validation finds at `path` (or inside it) once `draft` is the answers. */
  private problemAt(draft: PlainObject, path: string): string | undefined {
    const result = this.validate(draft);
    if (result.ok) return undefined;
    return result.problems.find((problem) => problem.path === path || problem.path.startsWith(`${path}.`))?.message;
  }

  /**
   * The problem as said under the question it is about. Validation words a
   * message to follow a field's name ("agency: is required"); under the
   * question nothing names it, so a bare "is required" is given a subject.
   */
  private problemUnderQuestion(draft: PlainObject, path: string): string | undefined {
    const message = this.problemAt(draft, path);
    return message?.startsWith('is required') ? `an answer ${message}` : message;
  }

  /** `draft` with one value set (or removed, for undefined). */
  private trial(path: string, value: unknown): PlainObject {
    const copy = structuredClone(this.draft);
    if (value === undefined) deletePath(copy, path);
    else if (!setPath(copy, path, value)) {
      // A group given as something other than a mapping: the typed answer replaces it.
      deletePath(copy, path.split('.')[0]!);
      setPath(copy, path, value);
    }
    return copy;
  }

  private async askAndStore(field: FieldSpec): Promise<void> {
    const dependents = this.manifest.fields.filter((other) => other.when === field.key);
    const shownBefore = new Set(dependents.filter((other) => this.isShown(other)));
    const value = await this.askField(field);
    const computed = field.type === 'date' && typeof field.default === 'object' ? resolveDefault(field, this.withDefaults(this.trial(field.key, undefined))) : undefined;
    // A date left at its computed default stays computed, so changing the
    // start date in the review moves the review date with it.
    const stored = computed !== undefined && value === computed ? undefined : value;
    const next = this.trial(field.key, stored);
    for (const key of Object.keys(this.draft)) delete this.draft[key];
    Object.assign(this.draft, next);
    this.followCondition(dependents, shownBefore);
    this.progress.answeredSoFar = structuredClone(this.draft);
  }

  /**
   * A person being asked, as far as they go: the parts answered, and those
   * given before (in an answers file) not yet asked again. Ctrl-C at their
   * email should not lose the name and role just typed.
   */
  private keepPersonSoFar(before: PlainObject, person: PlainObject, asked: readonly string[], trialWith: (person: PlainObject) => PlainObject): void {
    const soFar = structuredClone(before);
    for (const key of asked) {
      deletePath(soFar, key);
      const answer = getPath(person, key);
      if (answer !== undefined) setPath(soFar, key, answer);
    }
    this.progress.answeredSoFar = trialWith(soFar);
  }

  /** A list being made, as far as it goes: its people or items so far are answers that Ctrl-C should not lose. */
  private keepListSoFar(key: string, list: readonly unknown[]): void {
    this.progress.answeredSoFar = this.trial(key, [...list]);
  }

  /**
   * When an answer turns questions off (no longer contracted out: no line
   * manager), their answers are set aside, not left in the answers: the
   * agreement would leave them out anyway, and the warning that it does, on
   * every review, could only be silenced by answering yes again. Turned back
   * on, they come back as they were. A value that an answers file gives
   * under a condition the file itself says no to is not touched: validation
   * warns that it is left out, as it does when no one is asked.
   */
  private followCondition(dependents: readonly FieldSpec[], shownBefore: ReadonlySet<FieldSpec>): void {
    for (const field of dependents) {
      const shown = this.isShown(field);
      const value = getPath(this.draft, field.key);
      if (shownBefore.has(field) && !shown && value !== undefined) {
        this.setAside.set(field.key, value);
        deletePath(this.draft, field.key);
      } else if (!shownBefore.has(field) && shown && this.setAside.has(field.key)) {
        if (value === undefined) setPath(this.draft, field.key, this.setAside.get(field.key));
        this.setAside.delete(field.key);
      }
    }
  }

  /** The value to put in the draft, or undefined to leave the field out. */
  private async askField(field: FieldSpec): Promise<unknown> {
    switch (field.type) {
      case 'choice':
        return this.askChoice(field);
      case 'boolean':
        return this.prompts.confirm({
          message: field.label,
          help: field.help,
          // `yes` in an answers file is text (YAML 1.2), read as true like `true`: Enter must keep it, not flip it.
          default: isYes(this.currentOrDefault(field)),
        });
      case 'person':
        return this.askPerson(field.key, field.label, getPath(this.draft, field.key), (person) => this.trial(field.key, person), { help: field.help });
      case 'persons':
        return this.askPersons(field);
      case 'textlist':
        return this.askTextList(field);
      default:
        return this.askTyped(field);
    }
  }

  private currentOrDefault(field: FieldSpec): unknown {
    const current = getPath(this.draft, field.key);
    if (current !== undefined) return current;
    return resolveDefault(field, this.withDefaults(this.trial(field.key, undefined)));
  }

  /**
   * What Enter takes: the answer so far, unless it is the one being asked
   * again because it was not accepted (offering it back would only fail
   * again); then the default, if the field has one, or nothing, so that
   * Enter leaves an optional field out.
   */
  private suggestionFor(field: FieldSpec): unknown {
    const current = getPath(this.draft, field.key);
    if (current !== undefined && this.problemAt(this.draft, field.key) === undefined) return current;
    return this.meantBy(field, current) ?? resolveDefault(field, this.withDefaults(this.trial(field.key, undefined)));
  }

  /**
   * An answer from a file that was not accepted, but stands unmistakably for one that is, as its problem says
   * ("write 2 hours as 120", "write 1/9/2027 as 2027-09-01"): offered in its place. The pack's default, offered
   * instead, was taken by Enter as if it were the answer meant: 90 minutes for the "2 hours" written.
   */
  private meantBy(field: FieldSpec, given: unknown): unknown {
    if (typeof given !== 'string') return undefined;
    let meant: unknown;
    // A number in quotes ("90") is the number; one with its unit (2 hours), that number in the field's unit.
    if (field.type === 'integer') meant = /^\s*\d+\s*$/.test(given) ? Number(given) : readNumberWithUnit(given, field.unit);
    else if (field.type === 'date') meant = normaliseTypedDate(given);
    return meant !== undefined && this.problemAt(this.trial(field.key, meant), field.key) === undefined ? meant : undefined;
  }

  /** Whether Enter would take the answer the field already has (not a default, nor an answer not accepted). */
  private isOfferedBack(field: FieldSpec): boolean {
    const current = getPath(this.draft, field.key);
    return current !== undefined && this.suggestionFor(field) === current;
  }

  /** Text, long text, dates, times and whole numbers: one line of typing each. */
  private async askTyped(field: FieldOfType<'text' | 'longtext' | 'date' | 'time' | 'integer'>): Promise<unknown> {
    const current = this.suggestionFor(field);
    const paragraphs = field.type === 'longtext';
    // The prompt has one line: a text with line breaks (from an answers file) is offered on one, its paragraphs
    // marked apart by ¶ in a long text, and kept as it was if Enter keeps it, rather than losing its breaks (or,
    // as typed over, the text itself).
    const offered =
      field.type === 'date' ? offeredDate(current) : typeof current === 'string' ? (paragraphs ? paragraphsOnOneLine(current) : onOneLine(current)) : typeof current === 'number' ? String(current) : undefined;
    const keptAsGiven = (trimmed: string): boolean =>
      (field.type === 'text' || field.type === 'longtext') && typeof current === 'string' && offered !== current && trimmed === offered;
    const toValue = (text: string): unknown => {
      const trimmed = text.trim();
      if (trimmed === '') return undefined;
      if (keptAsGiven(trimmed)) return current;
      // Read as a --set value is: the same forms of a date, a time or a number, in both.
      if (field.type === 'date' || field.type === 'time' || field.type === 'integer') return coerceTypedValue(field, trimmed);
      // A long text's paragraphs, pasted (blank lines, shown as ¶) or offered back so, are kept as paragraphs.
      return paragraphs ? paragraphsFromLine(trimmed) || undefined : trimmed;
    };
    const text = await this.prompts.input({
      message: field.required ? field.label : `${field.label} (optional)`,
      help: this.helpFor(field),
      pastedLines: paragraphs ? 'paragraphs' : undefined,
      default: offered,
      validate: (typed) => {
        const value = toValue(typed);
        if (field.type === 'date' && typeof value === 'string' && normaliseTypedDate(value) === undefined) {
          return explainTypedDate(value);
        }
        // A time is told why as an answers file is ("there is no hour 25", "write 2pm as 14:00"), by the validation.
        return this.problemUnderQuestion(this.trial(field.key, value), field.key);
      },
      echo: (typed) => {
        const value = toValue(typed);
        if (value === undefined) return '';
        return paragraphs && typeof value === 'string' ? paragraphsOnOneLine(value) : onOneLine(describeAnswer(field, value).join(' '));
      },
    });
    return toValue(text);
  }

  private helpFor(field: FieldSpec): string | undefined {
    const parts = field.help ? [field.help] : [];
    // Only the answer itself can be left out: a pack's default would come straight back.
    const clearable = !field.required && !('default' in field && field.default !== undefined) && this.isOfferedBack(field);
    const suggestion = this.suggestionFor(field);
    if (field.type === 'date') {
      parts.push(`Type it as ${typedDateForms}${typeof suggestion === 'string' && normaliseTypedDate(suggestion) ? `; Enter keeps ${formatUkLongDate(suggestion)}` : ''}.`);
      if (clearable) parts.push(leaveOutHint);
    } else if (clearable) {
      parts.push(keepOrLeaveOutHint);
    }
    if ((field.type === 'text' || field.type === 'longtext') && typeof suggestion === 'string') parts.push(editHint);
    if (field.type === 'longtext' && typeof suggestion === 'string' && paragraphsOnOneLine(suggestion).includes(paragraphMark)) parts.push(paragraphHint);
    if (field.type === 'integer' && field.min !== undefined && field.max !== undefined) {
      parts.push(`A whole number from ${field.min} to ${field.max}${field.unit ? ` ${field.unit}` : ''}.`);
    }
    return parts.length > 0 ? parts.join(' ') : undefined;
  }

  private async askChoice(field: FieldOfType<'choice'>): Promise<string | undefined> {
    const current = this.currentOrDefault(field);
    const choices = field.choices.map((choice) => ({ value: choice.value, name: choice.label }));
    if (!field.required) choices.push({ value: '', name: '(none: leave it out)' });
    const known = choices.some((choice) => choice.value === current);
    // Written another way in a file (`Monthly`, or its label): the cursor starts on the choice it stands for, to be
    // taken with Enter in sight, rather than on the first, as if nothing had been given.
    const wanted = typeof current === 'string' ? current.trim().toLowerCase() : undefined;
    const meant = field.choices.find((choice) => choice.value.toLowerCase() === wanted || choice.label.toLowerCase() === wanted)?.value;
    // With no answer yet, an optional question starts on "(none…)": Enter must not pick a choice the user never made.
    const start = known && typeof current === 'string' ? current : (meant ?? (field.required ? undefined : ''));
    const value = await this.prompts.select({
      message: field.required ? field.label : `${field.label} (optional)`,
      help: field.help,
      choices,
      default: start,
    });
    return value === '' ? undefined : value;
  }

  /**
   * A person: name, then role and email, each optional. A registration
   * already given (in an answers file) is asked again only so it can be
   * corrected; the interview does not ask for a new one. `optional`: one more in a list that has enough, whose
   * name may be left empty to add no one (then nothing else is asked, and the person has no name).
   */
  private async askPerson(
    path: string,
    title: string,
    existing: unknown,
    trialWith: (person: PlainObject) => PlainObject,
    { help, optional = false }: { help?: string | undefined; optional?: boolean } = {},
  ): Promise<PlainObject> {
    // A person given as a bare name (`- Li Wei` in an answers file) is offered back as that name.
    const before = isPlainObject(existing) ? existing : typeof existing === 'string' && existing.trim() !== '' ? { name: existing.trim() } : {};
    const person: PlainObject = {};
    const asked: string[] = [];
    const ask = async (key: string, label: string, required: boolean, helpText?: string): Promise<void> => {
      const previous = getPath(before, key);
      // A value that was not accepted is asked again, not offered back.
      const trialPrevious = structuredClone(person);
      if (typeof previous === 'string') setPath(trialPrevious, key, previous);
      const acceptable = typeof previous === 'string' && this.problemAt(trialWith(trialPrevious), `${path}.${key}`) === undefined;
      const text = await this.prompts.input({
        message: `${title}: ${label}${required ? '' : ' (optional)'}`,
        help: acceptable ? [helpText, required ? undefined : keepOrLeaveOutHint, editHint].filter(Boolean).join(' ') : helpText,
        default: acceptable ? previous : undefined,
        validate: (typed) => {
          if (optional && key === 'name' && typed.trim() === '') return undefined;
          const trial = structuredClone(person);
          if (typed.trim() !== '') setPath(trial, key, typed.trim());
          return this.problemUnderQuestion(trialWith(trial), `${path}.${key}`);
        },
      });
      if (text.trim() !== '') setPath(person, key, text.trim());
      asked.push(key);
      if (person.name !== undefined) this.keepPersonSoFar(before, person, asked, trialWith);
    };
    await ask('name', 'name', true, optional ? [help, noOneMoreHint].filter(Boolean).join(' ') : help);
    if (person.name === undefined) return person;
    await ask('role', 'role', false);
    await ask('email', 'email', false);
    if (isPlainObject(before.registration)) {
      await ask('registration.body', 'registering body', true);
      await ask('registration.number', 'registration number', true);
    }
    return person;
  }

  /** A list of people: those already given can be kept, dropped or corrected in place, then "add another?" within the pack's bounds. */
  private async askPersons(field: FieldOfType<'persons'>): Promise<PlainObject[]> {
    const existing = getPath(this.draft, field.key);
    const list: PlainObject[] = [];
    const trialWith = (person: PlainObject): PlainObject => this.trial(field.key, [...list, person]);
    if (Array.isArray(existing) && existing.length > 0) await this.reviseGivenPersons(field, existing, list, trialWith);
    else this.prompts.say(`${field.label}${this.personBounds(field)}:${field.help ? ` ${field.help}` : ''}`);

    while (list.length < field.max) {
      if (list.length >= field.min && !(await this.askToAddAnother(field, list.length))) break;
      // Past the fewest the list needs, "add another?" (which Enter answers yes while fewer than usual) may have
      // been answered by habit: an empty name then adds no one, rather than leaving a name to be made up.
      const added = await this.askPerson(`${field.key}.${list.length}`, `${field.itemLabel} ${list.length + 1}`, undefined, trialWith, {
        optional: list.length >= field.min,
      });
      if (added.name === undefined) break;
      list.push(added);
      this.keepListSoFar(field.key, list);
    }
    if (list.length >= field.max) this.sayListIsFull(field.label, field.max);
    return list;
  }

  /**
   * The people already given (answers file, --set, or an earlier pass), into `list`: the valid ones ticked to
   * keep or untick, each not accepted said and asked again in its own place, then the kept ones offered to correct.
   */
  private async reviseGivenPersons(field: FieldOfType<'persons'>, existing: readonly unknown[], list: PlainObject[], trialWith: (person: PlainObject) => PlainObject): Promise<void> {
    const noun = field.itemLabel.toLowerCase();
    const isValidPerson = (person: unknown): person is PlainObject =>
      isPlainObject(person) && this.problemAt(this.trial(field.key, [person]), `${field.key}.0`) === undefined;
    const validAt = existing.flatMap((person, index) => (isValidPerson(person) ? [index] : []));
    let kept = new Set(validAt);
    if (validAt.length > 0) {
      const ticked = await this.prompts.checkbox({
        message: `${field.label}: untick anyone to leave out`,
        help: field.help,
        choices: validAt.map((index) => ({ value: String(index), name: fitChoice(describePerson(existing[index]), this.prompts.width, 3), checked: true })),
        validate: (values) => (values.length > field.max ? `allows at most ${field.max} ${noun}s (${values.length} are ticked)` : undefined),
      });
      kept = new Set(ticked.map(Number));
    }
    // In the order given, a corrected person in their own place: the order is the order they sign in.
    for (const [index, person] of existing.entries()) {
      if (isValidPerson(person)) {
        if (kept.has(index)) list.push(person);
        continue;
      }
      const problem = this.problemAt(this.trial(field.key, [person]), `${field.key}.0`);
      this.prompts.say(`${field.itemLabel} "${describePerson(person)}" was not accepted: ${problem ?? 'not a person'}`);
      list.push(await this.askPerson(`${field.key}.${list.length}`, `${field.itemLabel} ${list.length + 1}`, person, trialWith));
    }
    if (validAt.length > 0) await this.correctPersons(field, list);
    // Fewer kept than the list needs (everyone unticked, to start again): the next question is a name, which says
    // nothing of why, so the bounds are said as for a list begun afresh.
    if (list.length < field.min) this.prompts.say(`${field.label}${this.personBounds(field)}: ${list.length === 0 ? 'no one' : list.length} kept so far.`);
  }

  /** "Add another supervisee? (2 so far; 3 or more is usual)", Enter answering yes while fewer than usual. */
  private async askToAddAnother(field: FieldOfType<'persons'>, count: number): Promise<boolean> {
    const noun = field.itemLabel.toLowerCase();
    const hoped = field.recommended?.min ?? field.min;
    const usualMost = field.recommended?.max;
    const usual = count < hoped ? `${hoped} or more is usual` : usualMost !== undefined && count >= usualMost ? `up to ${usualMost} is usual` : undefined;
    // "Another" of a list with no one in it yet (one that may be empty) would suggest someone was added already.
    const notes = [...(count > 0 ? [`${count} so far`] : []), ...(usual ? [usual] : [])];
    const question = count === 0 ? `Add ${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}?` : `Add another ${noun}?`;
    return this.prompts.confirm({
      message: notes.length > 0 ? `${question} (${notes.join('; ')})` : question,
      default: count < hoped,
    });
  }

  /** " (at least 2, at most 30)": how many a list of people may have, said as it is begun. */
  private personBounds(field: FieldOfType<'persons'>): string {
    return field.min > 0 ? ` (at least ${field.min}${field.max < 100 ? `, at most ${field.max}` : ''})` : '';
  }

  /** Said when a list reaches its most: the next question is then another, with no "add another?" to say why. */
  private sayListIsFull(label: string, most: number): void {
    this.prompts.say(`${label}: ${most}, the most allowed.`);
  }

  /**
   * Anyone kept can be corrected where they stand: unticking and adding them
   * again would fix a typo but move them to the end, and the order is the
   * order they sign in. Asked until "No", which Enter takes.
   */
  private async correctPersons(field: FieldOfType<'persons'>, list: PlainObject[]): Promise<void> {
    const done = 'done';
    while (list.length > 0) {
      const chosen = await this.prompts.select({
        message: `${field.label}: change anyone's details?`,
        help: 'Their name, role and email are asked again (Enter keeps each); they keep their place.',
        choices: [
          { value: done, name: 'No, go on' },
          ...list.map((person, index) => {
            const whole = `${index + 1}. ${describePerson(person)}`;
            return { value: String(index), name: fitChoice(whole, this.prompts.width), short: whole };
          }),
        ],
        default: done,
      });
      if (chosen === done) return;
      const at = Number(chosen);
      // Checked against the list with this person in their own place, as the agreement will have them.
      const trialAt = (person: PlainObject): PlainObject => this.trial(field.key, list.map((other, index) => (index === at ? person : other)));
      list[at] = await this.askPerson(`${field.key}.${at}`, `${field.itemLabel} ${at + 1}`, list[at], trialAt);
    }
  }

  /** A list of text: the given or default items can be kept or dropped, then more added one per line. */
  private async askTextList(field: FieldOfType<'textlist'>): Promise<string[]> {
    const current = this.currentOrDefault(field);
    // An item a file gave as a number or yes/no (`- 5`) is offered as the text it was written as, not dropped unseen.
    // An empty item (`- ""`, refused as "must not be empty") is not offered: a blank row to untick says nothing.
    const existing = Array.isArray(current)
      ? current.flatMap((item) => (typeof item === 'string' ? [item] : typeof item === 'number' || typeof item === 'boolean' ? [String(item)] : [])).filter((item) => item.trim() !== '')
      : [];
    const list: string[] = [];
    if (existing.length > 0) {
      const kept = await this.prompts.checkbox({
        message: `${field.label}: untick any you do not want`,
        help: field.help,
        choices: existing.map((item, index) => ({ value: String(index), name: fitChoice(item, this.prompts.width, 3), checked: true })),
        validate: (values) => (values.length > field.maxItems ? `allows at most ${field.maxItems} items (${values.length} are ticked)` : undefined),
      });
      list.push(...kept.map((index) => existing[Number(index)]!));
      if (list.length > 0) await this.rewordTextItems(field, list);
    } else if (field.help) {
      this.prompts.say(field.help);
    }
    while (list.length < field.maxItems) {
      const text = await this.prompts.input({
        message: `${field.label}: add ${list.length === 0 ? 'one' : 'another'} (Enter on an empty line to finish)`,
        // Several pasted at once, one to a line (a list copied from a document), are as many items, kept apart by ¶.
        pastedLines: 'items',
        // An empty line finishes the list, unless the list may not be left as it is (a required one with nothing in it).
        validate: (typed) => {
          const items = itemsFromLine(typed);
          if (items.length === 0) return list.length === 0 ? this.problemUnderQuestion(this.trial(field.key, []), field.key) : undefined;
          // The list as a whole too: more pasted than it may hold is said, not cut short.
          return this.problemUnderQuestion(this.trial(field.key, [...list, ...items]), field.key);
        },
      });
      const items = itemsFromLine(text);
      if (items.length === 0) break;
      list.push(...items);
      this.keepListSoFar(field.key, list);
    }
    if (list.length >= field.maxItems) this.sayListIsFull(field.label, field.maxItems);
    return list;
  }

  /**
   * A kept item can be reworded where it stands (a typo in a ground rule):
   * unticking it and typing it again would move it to the end of the list.
   * Asked until "No", which Enter takes.
   */
  private async rewordTextItems(field: FieldOfType<'textlist'>, list: string[]): Promise<void> {
    const done = 'done';
    for (;;) {
      const chosen = await this.prompts.select({
        message: `${field.label}: change the wording of any?`,
        help: 'The one you pick is put on the line to edit; Enter keeps it as edited, in its place.',
        choices: [
          { value: done, name: 'No, go on' },
          ...list.map((item, index) => ({ value: String(index), name: fitChoice(`${index + 1}. ${item}`, this.prompts.width), short: `${index + 1}. ${item}` })),
        ],
        default: done,
      });
      if (chosen === done) return;
      const at = Number(chosen);
      const text = await this.prompts.input({
        message: `${field.label}: item ${at + 1}`,
        default: list[at],
        editable: true,
        validate: (typed) =>
          typed.trim() === '' ? undefined : this.problemUnderQuestion(this.trial(field.key, list.map((item, index) => (index === at ? typed.trim() : item))), `${field.key}.${at}`),
      });
      // An emptied line keeps the item: leaving one out is what the list above is for.
      if (text.trim() !== '') list[at] = text.trim();
    }
  }
}

/** A yes/no answer as given: true, or a word read as yes (readYesNo). */
function isYes(value: unknown): boolean {
  return value === true || (typeof value === 'string' && readYesNo(value) === true);
}
