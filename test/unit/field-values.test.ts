import { describe, expect, it } from 'vitest';
import {
  addMonths,
  explainStoredDate,
  explainTime,
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
    expect(explainTypedDate('31/11/2026')).toBe('must be a real date: November 2026 has 30 days (e.g. 30/11/2026)');
    expect(explainTypedDate('2026-02-30')).toBe('must be a real date: February 2026 has 28 days (e.g. 2026-02-28)');
    expect(explainTypedDate('30 Feb 2028')).toBe('must be a real date: February 2028 has 29 days (e.g. 29 February 2028)');
    expect(explainTypedDate('29/02/2027')).toBe('must be a real date: 2027 is not a leap year, so February has 28 days (e.g. 28/02/2027)');
    expect(explainTypedDate('12/31/2026')).toBe('must be a real date, the day first: there is no month 31 (did you mean 31/12/2026?)');
    expect(explainTypedDate('1/13/2026')).toBe('must be a real date, the day first: there is no month 13 (did you mean 13/1/2026?)');
    expect(explainTypedDate('13/13/2026')).toBe('must be a real date: there is no month 13 (e.g. 13/12/2026)');
    expect(explainTypedDate('0/1/2027')).toBe('must be a real date: there is no day 0 (e.g. 1/1/2027)');
    // Read the other way round it is no date either: nothing to suggest.
    expect(explainTypedDate('1/0/2027')).toBe('must be a real date: there is no month 0 (e.g. 1/1/2027)');
    expect(explainTypedDate('2027-01-00')).toBe('must be a real date: there is no day 0 (e.g. 2027-01-01)');
    expect(explainTypedDate('5/1/27')).toBe('must have the year in full, e.g. 5/1/2027');
    expect(explainTypedDate(' 5.1.27 ')).toBe('must have the year in full, e.g. 5.1.2027');
    expect(explainTypedDate('5th Jan 27')).toBe('must have the year in full, e.g. 5 January 2027');
    expect(explainTypedDate('next Monday')).toBe('must be the date itself, not "next Monday": type it as 1/12/2026, 1 December 2026 or 2026-12-01');
    expect(explainTypedDate('tomorrow')).toBe('must be the date itself, not "tomorrow": type it as 1/12/2026, 1 December 2026 or 2026-12-01');
    expect(explainTypedDate('soon')).toBe('must be a date typed as 1/12/2026, 1 December 2026 or 2026-12-01');
  });

  it('says a year is missing, or that the day comes first, rather than only the forms a date may take', () => {
    expect(explainTypedDate('1/3')).toBe('must have the year too: 1/3/YYYY');
    expect(explainTypedDate('1st March')).toBe('must have the year too: 1 March YYYY');
    expect(explainTypedDate('March 1 2027')).toBe('must be a real date, the day first: write March 1 2027 as 1 March 2027');
    expect(explainTypedDate('Mar 1st, 2027')).toBe('must be a real date, the day first: write Mar 1st, 2027 as 1 March 2027');
    // No such day either way round: nothing to suggest.
    expect(explainTypedDate('February 30 2027')).toBe('must be a date typed as 1/12/2026, 1 December 2026 or 2026-12-01');
  });

  it('says a weekday is to be left out, and never takes the date when the weekday does not match it', () => {
    expect(explainTypedDate('Monday 1 March 2027')).toBe('must be a date without the weekday: write 1 March 2027');
    expect(explainTypedDate('Mon 1 Mar 2027')).toBe('must be a date without the weekday: write 1 Mar 2027');
    expect(explainTypedDate('Mon, 1/3/2027')).toBe('must be a date without the weekday: write 1/3/2027');
    expect(explainTypedDate('Tues. 1st March 2027')).toBe('must be a date without the weekday: 1 March 2027 is a Monday, not a Tuesday');
    // The date itself wrong too: that is what is said.
    expect(explainTypedDate('Monday 31 February 2027')).toBe('must be a real date: February 2027 has 28 days (e.g. 28 February 2027)');
    expect(explainTypedDate('Monday 1 March')).toBe('must have the year too: 1 March YYYY');
    expect(explainTypedDate('Monday next week')).toBe('must be the date itself, not "Monday next week": type it as 1/12/2026, 1 December 2026 or 2026-12-01');
  });
});

describe('a date that is not one, typed (the interview, --set) and in a file (an answers file, a roster)', () => {
  it('says what is wrong and gives a date to write in its place, in the form that path reads', () => {
    const said = ['31 February 2027', '2027-02-30', '30/02/2027', '2/3/27', 'tomorrow'].map((text) => [explainTypedDate(text), explainStoredDate(text)]);
    expect(said).toEqual([
      ['must be a real date: February 2027 has 28 days (e.g. 28 February 2027)', 'must be a real date as YYYY-MM-DD: February 2027 has 28 days (e.g. 2027-02-28)'],
      ['must be a real date: February 2027 has 28 days (e.g. 2027-02-28)', 'must be a real date: February 2027 has 28 days (e.g. 2027-02-28)'],
      ['must be a real date: February 2027 has 28 days (e.g. 28/02/2027)', 'must be a real date as YYYY-MM-DD: February 2027 has 28 days (e.g. 2027-02-28)'],
      ['must have the year in full, e.g. 2/3/2027', 'must be a real date as YYYY-MM-DD, the year in full: write 2/3/27 (2 March 2027) as 2027-03-02'],
      [
        'must be the date itself, not "tomorrow": type it as 1/12/2026, 1 December 2026 or 2026-12-01',
        'must be the date itself as YYYY-MM-DD, not "tomorrow", e.g. 2026-12-01',
      ],
    ]);
  });
});

describe('explainStoredDate', () => {
  it('says the YYYY-MM-DD a date in a file stands for, in words, where that is unmistakable', () => {
    expect(explainStoredDate('01/03/2027')).toBe('must be a real date as YYYY-MM-DD: write 01/03/2027 (1 March 2027) as 2027-03-01');
    expect(explainStoredDate('1st March 2027')).toBe('must be a real date as YYYY-MM-DD: write 1st March 2027 (1 March 2027) as 2027-03-01');
    expect(explainStoredDate('2027-3-1')).toBe('must be a real date as YYYY-MM-DD: write 2027-3-1 (1 March 2027) as 2027-03-01');
    expect(explainStoredDate('March 1 2027')).toBe('must be a real date as YYYY-MM-DD: write March 1 2027 (1 March 2027) as 2027-03-01');
    // Written in words as the agreement prints it: not said twice.
    expect(explainStoredDate('1 March 2027')).toBe('must be a real date as YYYY-MM-DD: write 1 March 2027 as 2027-03-01');
    expect(explainStoredDate('1/3/27')).toBe('must be a real date as YYYY-MM-DD, the year in full: write 1/3/27 (1 March 2027) as 2027-03-01');
  });

  it('says what is wrong where nothing can be said for sure: no year, no such month or day', () => {
    // Never a year made up: the day and month are said, the year left to write.
    expect(explainStoredDate('1/3')).toBe('must be a date as YYYY-MM-DD, with the year: write 1/3 (1 March) as YYYY-03-01');
    expect(explainStoredDate('3/31/2027')).toBe('must be a real date as YYYY-MM-DD: there is no month 31 (if 3/31/2027 is 31 March 2027, write 2027-03-31)');
    expect(explainStoredDate('2027-02-30')).toBe('must be a real date: February 2027 has 28 days (e.g. 2027-02-28)');
    expect(explainStoredDate('31/11/2026')).toBe('must be a real date as YYYY-MM-DD: November 2026 has 30 days (e.g. 2026-11-30)');
    expect(explainStoredDate('13/13/2027')).toBe('must be a real date as YYYY-MM-DD: there is no month 13 (e.g. 2027-12-13)');
    expect(explainStoredDate('soon')).toBe('must be a date as YYYY-MM-DD, e.g. 2026-12-01');
    expect(explainStoredDate('tomorrow')).toBe('must be the date itself as YYYY-MM-DD, not "tomorrow", e.g. 2026-12-01');
  });

  it('says the YYYY-MM-DD of a date written with its weekday, and never takes one whose weekday does not match', () => {
    expect(explainStoredDate('Monday 1 March 2027')).toBe('must be a real date as YYYY-MM-DD, without the weekday: write Monday 1 March 2027 as 2027-03-01');
    expect(explainStoredDate('Mon 1 Mar 2027')).toBe('must be a real date as YYYY-MM-DD, without the weekday: write Mon 1 Mar 2027 as 2027-03-01');
    expect(explainStoredDate('Friday 1 March 2027')).toBe('must be a real date as YYYY-MM-DD, without the weekday: 1 March 2027 is a Monday, not a Friday');
  });
});

describe('explainTime', () => {
  it('says which hour or minute the clock does not have, or the HH:MM a time written otherwise stands for', () => {
    expect(explainTime('25:00')).toBe('must be a 24-hour time as HH:MM: there is no hour 25');
    expect(explainTime('24:00')).toBe('must be a 24-hour time as HH:MM: midnight is 00:00');
    expect(explainTime('9:75')).toBe('must be a 24-hour time as HH:MM: there is no minute 75');
    expect(explainTime('2pm')).toBe('must be a 24-hour time as HH:MM: write 2pm as 14:00');
    expect(explainTime('9.30')).toBe('must be a 24-hour time as HH:MM: write 9.30 as 09:30');
    expect(explainTime('1400')).toBe('must be a 24-hour time as HH:MM: write 1400 as 14:00');
    expect(explainTime('14:00:00')).toBe('must be a 24-hour time as HH:MM: write 14:00:00 as 14:00');
    // An hour alone, as typed or as a number YAML read (`time: 25`).
    expect(explainTime('25')).toBe('must be a 24-hour time as HH:MM: there is no hour 25');
    expect(explainTime('24')).toBe('must be a 24-hour time as HH:MM: midnight is 00:00');
    expect(explainTime('14')).toBe('must be a 24-hour time as HH:MM: write 14 as 14:00');
    for (const notATime of ['13pm', 'after lunch', '14:00:30']) expect(explainTime(notATime)).toBe('must be a 24-hour time as HH:MM, e.g. 14:00');
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

  it('names a tab or a line break in single-line text in words, with what to do, as the user cannot see either', () => {
    expect(findForbiddenCharacters('Meeting Room 3\tCounty Hall', false)).toBe(
      'must be a single line without control characters (found a tab, U+0009, as cells copied from a spreadsheet have between them): replace it with a space',
    );
    expect(findForbiddenCharacters('Meeting Room 3\r\nCounty Hall', false)).toBe('must be a single line without control characters (found a line break, U+000D): join the lines into one');
  });

  it('accepts ordinary Unicode names', () => {
    for (const name of ['Siân Ŵyn', 'Łukasz Żółć', 'Nguyễn Thị Ánh', 'Ζωή Παπαδοπούλου', 'Анна Кузнецова', 'O’Neill – Smith']) {
      expect(findForbiddenCharacters(name, false)).toBeUndefined();
    }
  });
});
