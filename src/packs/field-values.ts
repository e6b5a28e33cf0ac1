/**
 * Value-level rules shared by every field type: what counts as a date, a
 * time, acceptable text. Kept apart from the schema builder so the interview
 * and the answers files judge a value by exactly the same rules.
 */

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const ukDatePattern = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
export const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A date in an answers file is stored as YYYY-MM-DD; this is what it must be there. */
const storedDateProblem = 'must be a date as YYYY-MM-DD, e.g. 2026-12-01';
/** A date typed (in the interview or with --set) may be written in any of the ways normaliseTypedDate reads. */
export const typedDateForms = '1/12/2026, 1 December 2026 or 2026-12-01';
const typedDateProblem = `must be a date typed as ${typedDateForms}`;

/**
 * Characters that can make a signed agreement display something other than
 * what it says (bidirectional overrides, zero-width characters, a byte-order
 * mark), or that have no place in a printed document (C0/C1 controls).
 */
const invisibleOrBidi = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const controlInLine = /[\u0000-\u001F\u007F-\u009F]/u;
const controlInBlock = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/** Returns a message if the text holds characters no agreement should carry. */
export function findForbiddenCharacters(text: string, multiline: boolean): string | undefined {
  if (loneSurrogate.test(text)) return 'contains a broken character (an unpaired UTF-16 surrogate); retype the text';
  const bidi = invisibleOrBidi.exec(text);
  if (bidi) {
    return `contains an invisible or text-direction character (${describeCodePoint(bidi[0])}); remove it, as it can make the agreement display something other than what it says`;
  }
  const control = (multiline ? controlInBlock : controlInLine).exec(text);
  if (control) {
    if (multiline) return `contains a control character (${describeCodePoint(control[0])})`;
    // A tab is what two spreadsheet cells copied together carry, a line break what a quoted or `|` value keeps:
    // a code point alone would leave the user looking for a character they cannot see.
    if (control[0] === '\t') return 'must be a single line without control characters (found a tab, U+0009, as cells copied from a spreadsheet have between them): replace it with a space';
    if (control[0] === '\n' || control[0] === '\r') return `must be a single line without control characters (found a line break, ${describeCodePoint(control[0])}): join the lines into one`;
    return `must be a single line without control characters (found ${describeCodePoint(control[0])})`;
  }
  return undefined;
}

function describeCodePoint(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A calendar date as `YYYY-MM-DD`, or undefined if the text is not a real date. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const match = isoDatePattern.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/**
 * Accepts what people type and returns the ISO form the answers store, or
 * undefined: `2026-12-01` (or `2026-12-1`, `2026/12/01`), the UK day first
 * `1/12/2026` (or `1.12.2026`, `1-12-2026`), and the long form the agreement
 * prints, `1 December 2026` (or `1st Dec 2026`). Never month first: `12/1/2026`
 * is 12 January, as anywhere in the UK.
 */
export function normaliseTypedDate(text: string): string | undefined {
  const trimmed = text.trim();
  if (parseIsoDate(trimmed)) return trimmed;
  const parts = readTypedDateParts(trimmed);
  if (!parts) return undefined;
  const iso = `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`;
  return parseIsoDate(iso) ? iso : undefined;
}

/** Year, month and day as typed in one of the forms normaliseTypedDate reads, not yet checked against the calendar. */
function readTypedDateParts(trimmed: string): [string, string, string] | undefined {
  const yearFirst = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(trimmed);
  if (yearFirst) return [yearFirst[1]!, yearFirst[2]!, yearFirst[3]!];
  const dayFirst = ukDatePattern.exec(trimmed);
  if (dayFirst) return [dayFirst[4]!, dayFirst[3]!, dayFirst[1]!];
  const inWords = inWordsPattern.exec(trimmed);
  const month = inWords ? monthFromName(inWords[2]!) : undefined;
  return inWords && month !== undefined ? [inWords[3]!, String(month), inWords[1]!] : undefined;
}

const inWordsPattern = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$/i;

/**
 * What a date that is not a real date in a form that is read looks like: so that a slip is not answered only
 * with the forms a date may take, and each path (the interview, --set, an answers file, a roster) gives the same
 * reason, in its own terms (explainTypedDate, explainStoredDate).
 */
type DateSlip =
  /** `1/3`, `1 March`: no year. `asTyped` is the date with YYYY for the year, in the form it was typed. */
  | { kind: 'no-year'; asTyped: string; month: number; day: number }
  /** `5/1/27`: a two-digit year; `full` is the same with the year in full, `iso` the date it would be (if real). */
  | { kind: 'short-year'; full: string; iso: string | undefined }
  /** `12/31/2026` (no month 31, but 31/12/2026 is a date), `March 1 2027`: the month first, as typed in the US. */
  | { kind: 'month-first'; month: number; dayFirst: string; iso: string }
  /**
   * `Monday 1 March 2027`: a date that is read, after a weekday. `withoutWeekday` is the date as typed after it;
   * `named` the weekday typed and `actual` the date's own, which may differ, and then neither is taken for the other.
   */
  | { kind: 'weekday'; withoutWeekday: string; iso: string; named: string; actual: string }
  /**
   * In a form that is read, but not on the calendar. `example` is the nearest real date (the month's last day
   * for a day it does not have), as `typed` again in the form it was typed.
   */
  | { kind: 'not-on-calendar'; reason: string; example: string; typed: string }
  /** A word for a date (`tomorrow`, `next Monday`), not the date itself. */
  | { kind: 'relative'; word: string }
  | { kind: 'unknown' };

function findDateSlip(trimmed: string): DateSlip {
  if (relativeDatePattern.test(trimmed)) return { kind: 'relative', word: trimmed };
  // `Monday 1 March 2027`, `Mon, 1/3/2027`: the date after the weekday is judged on its own, then against it.
  const weekday = /^([a-z]+)\.?,?\s+(.+)$/i.exec(trimmed);
  const named = weekday ? weekdayFromName(weekday[1]!) : undefined;
  if (weekday && named !== undefined) {
    const withoutWeekday = weekday[2]!;
    const iso = normaliseTypedDate(withoutWeekday);
    if (iso === undefined) return findDateSlip(withoutWeekday);
    return { kind: 'weekday', withoutWeekday, iso, named, actual: weekdayOf(iso) };
  }
  const yearSlip = findShortOrMissingYear(trimmed);
  if (yearSlip) return yearSlip;
  // `March 1 2027`, `Mar 1st, 2027`: unmistakable, but not a form that is read, so never taken without a word.
  const monthFirstInWords = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i.exec(trimmed);
  const firstMonth = monthFirstInWords ? monthFromName(monthFirstInWords[1]!) : undefined;
  if (monthFirstInWords && firstMonth !== undefined) {
    const dayFirst = `${Number(monthFirstInWords[2])} ${monthNames[firstMonth - 1]} ${monthFirstInWords[3]}`;
    const iso = normaliseTypedDate(dayFirst);
    if (iso !== undefined) return { kind: 'month-first', month: firstMonth, dayFirst, iso };
  }
  return findOffCalendarDate(trimmed);
}

/** `1/3/27`, `1 March 27`: a year of two digits; `1/3`, `1 March`: no year at all. */
function findShortOrMissingYear(trimmed: string): DateSlip | undefined {
  const shortYear = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2})$/.exec(trimmed);
  if (shortYear) {
    const full = `${shortYear[1]}${shortYear[2]}${shortYear[3]}${shortYear[2]}20${shortYear[4]}`;
    return { kind: 'short-year', full, iso: normaliseTypedDate(full) };
  }
  const shortYearInWords = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{2})$/i.exec(trimmed);
  const wordsMonth = shortYearInWords ? monthFromName(shortYearInWords[2]!) : undefined;
  if (shortYearInWords && wordsMonth !== undefined) {
    const full = `${Number(shortYearInWords[1])} ${monthNames[wordsMonth - 1]} 20${shortYearInWords[3]}`;
    return { kind: 'short-year', full, iso: normaliseTypedDate(full) };
  }
  const noYear = /^(\d{1,2})([/.-])(\d{1,2})$/.exec(trimmed);
  if (noYear && Number(noYear[3]) >= 1 && Number(noYear[3]) <= 12 && Number(noYear[1]) >= 1 && Number(noYear[1]) <= 31) {
    return { kind: 'no-year', asTyped: `${trimmed}${noYear[2]}YYYY`, month: Number(noYear[3]), day: Number(noYear[1]) };
  }
  const noYearInWords = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?$/i.exec(trimmed);
  const noYearMonth = noYearInWords ? monthFromName(noYearInWords[2]!) : undefined;
  if (noYearInWords && noYearMonth !== undefined && Number(noYearInWords[1]) >= 1 && Number(noYearInWords[1]) <= 31) {
    const day = Number(noYearInWords[1]);
    return { kind: 'no-year', asTyped: `${day} ${monthNames[noYearMonth - 1]} YYYY`, month: noYearMonth, day };
  }
  return undefined;
}

/** A date in a form that is read but not on the calendar (`31/2/2027`, month 13), or numbers that are one the other way round (`12/31/2026`). */
function findOffCalendarDate(trimmed: string): DateSlip {
  const parts = readTypedDateParts(trimmed);
  if (!parts) return { kind: 'unknown' };
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const offCalendar = (reason: string): DateSlip => {
    const realMonth = Math.min(Math.max(month, 1), 12);
    const realDay = Math.min(Math.max(day, 1), daysInMonth(year, realMonth));
    return { kind: 'not-on-calendar', reason, example: writeDateLike(trimmed, year, realMonth, realDay), typed: trimmed };
  };
  if (month < 1 || month > 12) {
    const swapped = ukDatePattern.exec(trimmed);
    // 12/31/2026 as typed in the US: the day first would be a real date.
    if (swapped && month >= 1 && month <= 31 && day >= 1 && day <= 12 && month <= daysInMonth(year, day)) {
      const dayFirst = `${month}${swapped[2]}${day}${swapped[2]}${year}`;
      return { kind: 'month-first', month, dayFirst, iso: normaliseTypedDate(dayFirst)! };
    }
    return offCalendar(`there is no month ${month}`);
  }
  // A month's days start at 1: "January 2027 has 31 days" would not say what is wrong with 0/1/2027.
  if (day < 1) return offCalendar(`there is no day ${day}`);
  if (day > daysInMonth(year, month)) {
    if (month === 2 && day === 29) return offCalendar(`${year} is not a leap year, so February has 28 days`);
    return offCalendar(`${monthNames[month - 1]} ${year} has ${daysInMonth(year, month)} days`);
  }
  return { kind: 'unknown' };
}

/** `tomorrow`, `next Monday`, `in 2 weeks`: words for a date that only a calendar on the wall can turn into one. */
const relativeDatePattern = /^(?:today|tomorrow|yesterday|now|(?:next|this|last|coming)\s+[a-z]+(?:\s+week)?|[a-z]+\s+(?:next|this|last)\s+(?:week|month)|in\s+(?:a|an|one|two|three|\d+)\s+(?:days?|weeks?|months?))$/i;

/** A real date written as `typed` was (day first or year first, with its separator and padding; or in words). */
function writeDateLike(typed: string, year: number, month: number, day: number): string {
  const pad = (number: number, like: string | undefined): string => (like !== undefined && like.length === 2 ? String(number).padStart(2, '0') : String(number));
  const yearFirst = /^\d{4}([-/.])(\d{1,2})[-/.](\d{1,2})$/.exec(typed);
  if (yearFirst) return `${year}${yearFirst[1]}${pad(month, yearFirst[2])}${yearFirst[1]}${pad(day, yearFirst[3])}`;
  const dayFirst = ukDatePattern.exec(typed);
  if (dayFirst) return `${pad(day, dayFirst[1])}${dayFirst[2]}${pad(month, dayFirst[3])}${dayFirst[2]}${year}`;
  return `${day} ${monthNames[month - 1]} ${year}`;
}

/**
 * Why a date typed in the interview or given with --set (which read the forms typedDateForms names) was not
 * read, as closely as can be told: a day the month does not have ("31/11/2026"), a month first ("12/31/2026",
 * "March 1 2027"), a year left out ("1/3") or in two digits ("5/1/27"). Anything else is told the forms.
 */
export function explainTypedDate(text: string): string {
  const trimmed = text.trim();
  const slip = findDateSlip(trimmed);
  switch (slip.kind) {
    case 'no-year':
      return `must have the year too: ${slip.asTyped}`;
    case 'short-year':
      return `must have the year in full, e.g. ${slip.full}`;
    case 'month-first':
      return /^\d/.test(trimmed)
        ? `must be a real date, the day first: there is no month ${slip.month} (did you mean ${slip.dayFirst}?)`
        : `must be a real date, the day first: write ${trimmed} as ${slip.dayFirst}`;
    case 'weekday':
      return slip.named === slip.actual
        ? `must be a date without the weekday: write ${slip.withoutWeekday}`
        : `must be a date without the weekday: ${formatUkLongDate(slip.iso)} is a ${slip.actual}, not a ${slip.named}`;
    case 'not-on-calendar':
      return `must be a real date: ${slip.reason} (e.g. ${slip.example})`;
    case 'relative':
      return `must be the date itself, not "${slip.word}": type it as ${typedDateForms}`;
    case 'unknown':
      return typedDateProblem;
  }
}

/**
 * Why a date in an answers file or a roster, which must be YYYY-MM-DD, is not one: the ISO date it stands for
 * where that is unmistakable (`01/03/2027` is 1 March 2027, day first as anywhere in the UK, said in words so
 * that nothing is guessed silently), or what is wrong with it, as explainTypedDate says it.
 */
export function explainStoredDate(value: string): string {
  const trimmed = value.trim();
  const shown = trimmed === value ? value : JSON.stringify(value);
  // A date and time, as a JSON export writes a date cell (2026-12-01T00:00:00.000Z): the date is its first part,
  // except at 23:00, which is how a day's midnight in UK summer time comes out in UTC, the day before: not guessed.
  const stamp = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(trimmed);
  if (stamp) {
    const dayBefore = stamp[2] === '23' && stamp[3] === '00';
    return dayBefore
      ? `must be a date alone, as YYYY-MM-DD, without a time: write the date ${trimmed} stands for (${stamp[1]}, or the day after if it was midnight in UK summer time)`
      : `must be a date alone, as YYYY-MM-DD, without a time: write ${trimmed} as ${stamp[1]}`;
  }
  const meant = normaliseTypedDate(value);
  if (meant !== undefined) {
    // The date in words, to show how the other form was read; not said twice when it was written so.
    const inWords = formatUkLongDate(meant);
    return `must be a real date as YYYY-MM-DD: write ${shown}${inWords === trimmed ? '' : ` (${inWords})`} as ${meant}`;
  }
  const slip = findDateSlip(trimmed);
  const mm = (number: number): string => String(number).padStart(2, '0');
  switch (slip.kind) {
    case 'no-year':
      return `must be a date as YYYY-MM-DD, with the year: write ${shown} (${slip.day} ${monthNames[slip.month - 1]}) as YYYY-${mm(slip.month)}-${mm(slip.day)}`;
    case 'short-year':
      return slip.iso === undefined
        ? storedDateProblem
        : `must be a real date as YYYY-MM-DD, the year in full: write ${shown} (${formatUkLongDate(slip.iso)}) as ${slip.iso}`;
    case 'month-first':
      return /^\d/.test(trimmed)
        ? `must be a real date as YYYY-MM-DD: there is no month ${slip.month} (if ${shown} is ${formatUkLongDate(slip.iso)}, write ${slip.iso})`
        : `must be a real date as YYYY-MM-DD: write ${shown} (${formatUkLongDate(slip.iso)}) as ${slip.iso}`;
    case 'weekday':
      return slip.named === slip.actual
        ? `must be a real date as YYYY-MM-DD, without the weekday: write ${shown} as ${slip.iso}`
        : `must be a real date as YYYY-MM-DD, without the weekday: ${formatUkLongDate(slip.iso)} is a ${slip.actual}, not a ${slip.named}`;
    case 'not-on-calendar': {
      // Written in another form than the file's, it is told that form too, not to be refused again once mended;
      // the example is in the file's form, whatever the form typed.
      const example = normaliseTypedDate(slip.example) ?? slip.example;
      return `must be a real date${isoDatePattern.test(trimmed) ? '' : ' as YYYY-MM-DD'}: ${slip.reason} (e.g. ${example})`;
    }
    case 'relative':
      return `must be the date itself as YYYY-MM-DD, not "${slip.word}", e.g. 2026-12-01`;
    case 'unknown':
      return storedDateProblem;
  }
}

export const timeProblem = 'must be a 24-hour time as HH:MM, e.g. 14:00';

/**
 * Why a time is not one, from every path alike (the interview, --set, an answers file, a roster): an hour or a
 * minute the clock does not have ("25:00", "9:75", "24:00"), or the HH:MM a time written otherwise stands for
 * ("2pm", "9.30", "1400", "14:00:00"). Anything else is told the form a time takes. "25:00" is in the form
 * HH:MM, so being told only that form left its reader to find the slip.
 */
export function explainTime(value: string): string {
  const trimmed = value.trim();
  const shown = trimmed === value ? value : JSON.stringify(value);
  // An hour alone (`14`, or `time: 25` in a file, which YAML reads as a number) is that hour's minute 00.
  const clock = /^(\d{1,2})[:.](\d{2})(?::00)?$/.exec(trimmed) ?? /^(\d{1,2})(\d{2})$/.exec(trimmed) ?? /^(\d{1,2})()$/.exec(trimmed);
  if (clock) {
    const [hour, minute] = [Number(clock[1]), Number(clock[2])];
    if (hour === 24 && minute === 0) return 'must be a 24-hour time as HH:MM: midnight is 00:00';
    if (hour > 23) return `must be a 24-hour time as HH:MM: there is no hour ${hour}`;
    if (minute > 59) return `must be a 24-hour time as HH:MM: there is no minute ${minute}`;
    return `must be a 24-hour time as HH:MM: write ${shown} as ${String(hour).padStart(2, '0')}:${clock[2] || '00'}`;
  }
  const twelveHour = /^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\.?$/i.exec(trimmed);
  if (!twelveHour) return timeProblem;
  const [hour, minute] = [Number(twelveHour[1]), Number(twelveHour[2] ?? '0')];
  if (hour < 1 || hour > 12 || minute > 59) return timeProblem;
  const afternoon = twelveHour[3]!.toLowerCase() === 'p';
  const hours = (hour % 12) + (afternoon ? 12 : 0);
  return `must be a 24-hour time as HH:MM: write ${shown} as ${String(hours).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** `9:30`, `9.30` and `14.00`, as times are often typed, in the HH:MM the answers store; undefined for anything else. */
export function normaliseTypedTime(text: string): string | undefined {
  const time = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  return time ? `${time[1]!.padStart(2, '0')}:${time[2]}` : undefined;
}

/** `December`, `dec`, `Sept`: a month's name or the start of it (three letters at least). */
function monthFromName(name: string): number | undefined {
  const lowered = name.toLowerCase();
  if (lowered.length < 3) return undefined;
  const index = monthNames.findIndex((month) => month.toLowerCase().startsWith(lowered));
  return index === -1 ? undefined : index + 1;
}

const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** `Monday`, `mon`, `Tues`: a weekday's name or the start of it (three letters at least). */
function weekdayFromName(name: string): string | undefined {
  const lowered = name.toLowerCase();
  return lowered.length < 3 ? undefined : weekdayNames.find((weekday) => weekday.toLowerCase().startsWith(lowered));
}

/** The weekday of a real `YYYY-MM-DD` date. */
function weekdayOf(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate)!;
  return weekdayNames[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const monthNames = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/**
 * The words read as a yes/no answer, in any case. YAML 1.2 reads `yes` and
 * `no` as text, not as booleans, but they are what people write (and what
 * the interview and `--set` accept), so every source reads them alike.
 */
export const yesNoWords = { yes: ['yes', 'y', 'true'], no: ['no', 'n', 'false'] } as const;

/** `yes`/`no` (see yesNoWords) as a boolean; undefined for anything else. */
export function readYesNo(text: string): boolean | undefined {
  const lowered = text.trim().toLowerCase();
  if ((yesNoWords.yes as readonly string[]).includes(lowered)) return true;
  if ((yesNoWords.no as readonly string[]).includes(lowered)) return false;
  return undefined;
}

/** `2026-12-01` → `1 December 2026`, the form UK agreements are signed in. */
export function formatUkLongDate(isoDate: string): string {
  const date = parseIsoDate(isoDate);
  if (!date) return isoDate;
  return `${date.day} ${monthNames[date.month - 1]} ${date.year}`;
}

/**
 * Adds calendar months, clamping to the month's last day (31 August plus six
 * months is 28 or 29 February, not 3 March).
 */
export function addMonths(isoDate: string, months: number): string | undefined {
  const date = parseIsoDate(isoDate);
  if (!date) return undefined;
  const monthIndex = date.month - 1 + months;
  const year = date.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const day = Math.min(date.day, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `90` → `1 hour 30 minutes`. */
export function formatMinutes(total: number): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
  if (minutes > 0 || hours === 0) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** Words whose full stop is part of them, kept by withoutClosingStop. */
const abbreviations: ReadonlySet<string> = new Set(['ltd', 'co', 'inc', 'plc', 'corp', 'etc', 'st', 'dr', 'mr', 'mrs', 'ms', 'no', 'approx', 'dept', 'jr', 'sr']);

/**
 * The text without the full stop people end an answer with, for an answer
 * printed inside a sentence ("on {{clause schedule.day}}, at 14:00", a
 * person's name and role before ", the supervisor"), where that stop would
 * end the sentence too soon. The stop of an abbreviation (Ltd., etc., U.K.,
 * Jr.) or an initial (Jo B.) is kept.
 */
export function withoutClosingStop(text: string): string {
  const trimmed = text.trimEnd();
  const lastWord = /(\S+)\.$/.exec(trimmed)?.[1];
  if (lastWord === undefined || lastWord.includes('.') || abbreviations.has(lastWord.toLowerCase()) || /^\p{Lu}$/u.test(lastWord)) return trimmed;
  return trimmed.slice(0, -1);
}

/**
 * The text without a first word the sentence already has just before it
 * ("On Tuesdays" after "on"), compared without case; the text as it is when
 * that word is all there is, or is not there.
 */
export function withoutLeadingWord(text: string, word: string): string {
  const leading = word.trim();
  if (leading === '' || text.length <= leading.length || text.slice(0, leading.length).toLowerCase() !== leading.toLowerCase()) return text;
  const rest = text.slice(leading.length);
  return /^\s+\S/.test(rest) ? rest.trimStart() : text;
}
