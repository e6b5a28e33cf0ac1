import { describe, expect, it } from 'vitest';
import {
  addMonths,
  explainTypedDate,
  findForbiddenCharacters,
  formatMinutes,
  formatUkLongDate,
  normaliseTypedDate,
  parseIsoDate,
} from '../../src/packs/field-values.js';

describe('dates', () => {
  it('prints ISO dates in UK long form', () => {
    expect(formatUkLongDate('2026-12-01')).toBe('1 December 2026');
    expect(formatUkLongDate('2027-06-30')).toBe('30 June 2027');
  });

  it('rejects dates that are not on the calendar', () => {
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
    expect(parseIsoDate('2026-13-01')).toBeUndefined();
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseIsoDate('1/12/2026')).toBeUndefined();
  });

  it('accepts typed UK dates and normalises them to ISO', () => {
    expect(normaliseTypedDate('1/12/2026')).toBe('2026-12-01');
    expect(normaliseTypedDate(' 2026-12-01 ')).toBe('2026-12-01');
    expect(normaliseTypedDate('31/02/2026')).toBeUndefined();
    expect(normaliseTypedDate('12/31/2026')).toBeUndefined();
  });

  it('accepts the other ways people write a date, day first, as the agreement prints it', () => {
    const typed = ['2026-12-1', '2026/12/01', '2026.12.1', '01.12.2026', '1-12-2026', '1 December 2026', '1st Dec 2026', '1 dec. 2026', '01 DECEMBER, 2026'];
    for (const text of typed) expect(normaliseTypedDate(text), text).toBe('2026-12-01');
    expect(normaliseTypedDate('12/1/2026')).toBe('2026-01-12');
    expect(normaliseTypedDate('3 Sept 2027')).toBe('2027-09-03');
    for (const text of ['1/12-2026', '1 De 2026', '31 June 2026', '1 Decembre 2026', 'December 1 2026', '2026-13-01']) {
      expect(normaliseTypedDate(text), text).toBeUndefined();
    }
  });

  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-12-01', 6)).toBe('2027-06-01');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', 12)).toBe('2027-01-15');
  });
});

describe('explainTypedDate', () => {
  it('says what is wrong with a typed date that is nearly one, not only the forms a date may take', () => {
    expect(explainTypedDate('31/11/2026')).toBe('must be a real date: November 2026 has 30 days');
    expect(explainTypedDate('2026-02-30')).toBe('must be a real date: February 2026 has 28 days');
    expect(explainTypedDate('30 Feb 2028')).toBe('must be a real date: February 2028 has 29 days');
    expect(explainTypedDate('29/02/2027')).toBe('must be a real date: 2027 is not a leap year, so February has 28 days');
    expect(explainTypedDate('12/31/2026')).toBe('must be a real date, the day first: there is no month 31 (did you mean 31/12/2026?)');
    expect(explainTypedDate('1/13/2026')).toBe('must be a real date, the day first: there is no month 13 (did you mean 13/1/2026?)');
    expect(explainTypedDate('13/13/2026')).toBe('must be a real date: there is no month 13');
    expect(explainTypedDate('0/1/2027')).toBe('must be a real date: there is no day 0');
    // Read the other way round it is no date either: nothing to suggest.
    expect(explainTypedDate('1/0/2027')).toBe('must be a real date: there is no month 0');
    expect(explainTypedDate('2027-01-00')).toBe('must be a real date: there is no day 0');
    expect(explainTypedDate('5/1/27')).toBe('must have the year in full, e.g. 5/1/2027');
    expect(explainTypedDate(' 5.1.27 ')).toBe('must have the year in full, e.g. 5.1.2027');
    expect(explainTypedDate('5th Jan 27')).toBe('must have the year in full, e.g. 5 January 2027');
    expect(explainTypedDate('next Monday')).toBe('must be a real date, typed as 1/12/2026, 1 December 2026 or 2026-12-01');
  });
});

describe('formatMinutes', () => {
  it('reads as a person would say it', () => {
    expect(formatMinutes(90)).toBe('1 hour 30 minutes');
    expect(formatMinutes(120)).toBe('2 hours');
    expect(formatMinutes(45)).toBe('45 minutes');
    expect(formatMinutes(61)).toBe('1 hour 1 minute');
  });
});

describe('findForbiddenCharacters', () => {
  it.each([
    ['\u202E', 'U+202E'],
    ['\u2066', 'U+2066'],
    ['\u200B', 'U+200B'],
    ['\uFEFF', 'U+FEFF'],
  ])('rejects the invisible or bidi character %#', (character, code) => {
    expect(findForbiddenCharacters(`Tom${character}Evans`, false)).toContain(code);
  });

  it('rejects line breaks and controls in single-line text but allows line breaks in long text', () => {
    expect(findForbiddenCharacters('Tom\nEvans', false)).toContain('U+000A');
    expect(findForbiddenCharacters('line one\nline two', true)).toBeUndefined();
    expect(findForbiddenCharacters('bell\u0007', true)).toContain('U+0007');
  });

  it('accepts ordinary Unicode names', () => {
    for (const name of ['Siân Ŵyn', 'Łukasz Żółć', 'Nguyễn Thị Ánh', 'Ζωή Παπαδοπούλου', 'Анна Кузнецова', 'O’Neill – Smith']) {
      expect(findForbiddenCharacters(name, false)).toBeUndefined();
    }
  });
});
