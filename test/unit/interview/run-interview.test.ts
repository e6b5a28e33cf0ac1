import { beforeAll, describe, expect, it } from 'vitest';
import { chooseTemplate, runInterview } from '../../../src/interview/run-interview.js';
import { findPack, loadUsablePacks } from '../../../src/packs/load-packs.js';
import type { Pack } from '../../../src/packs/pack-format.js';
import { validateAnswers } from '../../../src/packs/validate-answers.js';
import { getPath, type PlainObject } from '../../../src/packs/object-paths.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describeChoice, describeProblemPath, fitChoice } from '../../../src/interview/describe-answers.js';
import { ENTER, FakePrompts, type Step } from './fake-prompts.js';

let packs: Pack[];
let oneToOne: Pack;
let group: Pack;

beforeAll(async () => {
  packs = await loadUsablePacks(undefined);
  oneToOne = findPack(packs, 'one-to-one');
  group = findPack(packs, 'group');
});

/** Everything from the start date on, for both packs, with the contracted-out branch chosen by the caller. */
function scheduleToEnd(pack: 'one-to-one' | 'group'): Step[] {
  return [
    { select: 'How often', answer: 'monthly' },
    { input: 'Day of the sessions', answer: 'the first Tuesday of each month' },
    { input: 'Start time', answer: '9:30' },
    { input: 'Length of each session', answer: ENTER },
    { input: 'rebooked', answer: 'Priya Shah' },
    { select: 'How you will meet', answer: 'in-person' },
    { input: 'Where', answer: 'Room 3' },
    { input: 'Who will book it', answer: 'Tom Evans' },
    { input: 'unavailable', answer: 'A private video call at the same time.' },
    { input: 'Who writes', answer: 'Priya Shah' },
    { input: 'How exactly recording', answer: 'On the template during the session.' },
    { input: 'Where the records are kept', answer: 'the case system' },
    // Only the 1:1 source asks for the organisation's own policy on recording and actioning plans.
    ...(pack === 'one-to-one' ? [{ input: 'policy on recording', answer: ENTER }] : []),
    { select: 'Whom the practitioners safeguard', answer: 'children' },
    { select: 'Model of reflection', answer: '' },
  ];
}

function expectationsToEnd(options: { contractedOut: boolean; reviewDate?: string[] }): Step[] {
  return [
    { input: 'from the supervisor', answer: 'Protected time.' },
    { input: 'What the supervisor want', answer: 'Preparation.' },
    { input: 'What each will contribute', answer: 'Agenda items.' },
    { confirm: 'contracted out', answer: options.contractedOut },
    ...(options.contractedOut
      ? [
          { input: 'Line manager’s name', answer: 'Sam Line' },
          { input: 'link back to the line manager', answer: 'A note after each session.' },
        ]
      : []),
    { input: 'What supervision is not', answer: ENTER },
    { input: 'How the agreement will be reviewed', answer: ENTER },
    { input: 'How often the agreement is reviewed', answer: ENTER },
    ...(options.reviewDate ?? [ENTER]).map((answer) => ({ input: 'Date of the first review', answer })),
  ];
}

function oneToOneScript(options: { contractedOut: boolean; reviewDate?: string[]; startDate?: string[] }): Step[] {
  return [
    { input: 'Name of agency', answer: 'Northshire Council' },
    { input: 'Supervisor: name', answer: 'Priya Shah' },
    { input: 'Supervisor: role', answer: 'Team Manager' },
    { input: 'Supervisor: email', answer: ENTER },
    { input: 'Supervisee: name', answer: 'Tom Evans' },
    { input: 'Supervisee: role', answer: ENTER },
    { input: 'Supervisee: email', answer: 'tom@example.org' },
    ...(options.startDate ?? ['1/12/2026']).map((answer) => ({ input: 'Date the agreement starts', answer })),
    ...scheduleToEnd('one-to-one'),
    ...expectationsToEnd(options),
  ];
}

/** The columns a line takes in a terminal: a Chinese character (all the tests use) takes two. */
function columnsOf(line: string): number {
  return [...line].reduce((sum, character) => sum + (/\p{Script=Han}/u.test(character) ? 2 : 1), 0);
}

const confirmReview: Step = { select: 'Is everything right?', answer: 'confirm' };
/** Members already given are offered for correcting in place; Enter goes on. */
const noMemberChanges: Step = { select: "Members of the group: change anyone's details?", answer: 'done' };
const noRuleChanges: Step = { select: 'Ground rules of the group: change the wording of any?', answer: 'done' };
/** A group interview given its members (and nothing else) asks these first: the agency and the supervisor. */
const groupUpToMembers: readonly Step[] = [
  { input: 'Name of agency', answer: 'Northshire' },
  { input: 'Supervisor: name', answer: 'Ade' },
  { input: 'Supervisor: role', answer: ENTER },
  { input: 'Supervisor: email', answer: ENTER },
];

describe('runInterview, fresh', () => {
  it('asks every field in the pack order and returns answers that validate like a file', async () => {
    const prompts = new FakePrompts([...oneToOneScript({ contractedOut: false }), confirmReview]);
    const draft = await runInterview(oneToOne, {}, prompts);
    expect(prompts.remaining).toBe(0);
    const result = validateAnswers(oneToOne.manifest, draft);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.answers).toMatchObject({
      agency: 'Northshire Council',
      supervisor: { name: 'Priya Shah', role: 'Team Manager' },
      supervisee: { name: 'Tom Evans', email: 'tom@example.org' },
      startDate: '2026-12-01',
      schedule: { frequency: 'monthly', time: '09:30', durationMinutes: 90 },
      contractedOut: false,
      notSupervision: 'counselling for the worker in relation to private issues.',
      review: { method: 'together by everyone who signs it, at a supervision session', intervalMonths: 6, date: '2027-06-01' },
    });
    // Optional answers left empty are left out, not stored as empty text.
    expect(result.answers.supervisor).not.toHaveProperty('email');
    expect(result.answers).not.toHaveProperty('reflectiveModel');
    expect(result.answers.lineManager ?? {}).toEqual({});
  });

  it('offers defaults, including computed ones, and echoes dates in UK long form', async () => {
    const prompts = new FakePrompts([...oneToOneScript({ contractedOut: false }), confirmReview]);
    await runInterview(oneToOne, {}, prompts);
    const byMessage = (part: string) => prompts.asked.find((record) => record.message.includes(part))!;
    expect(byMessage('Length of each session').default).toBe('90');
    expect(byMessage('Length of each session').help).toContain('30 to 180 minutes');
    expect(byMessage('Date of the first review').default).toBe('1 June 2027');
    expect(byMessage('Date of the first review').help).toContain('Enter keeps 1 June 2027');
    expect(byMessage('Date the agreement starts').echo).toBe('1 December 2026');
    expect(byMessage('Start time').echo).toBe('09:30');
    expect(byMessage('contracted out').kind).toBe('confirm');
    expect(byMessage('contracted out').default).toBe(false);
    expect(byMessage('How often').kind).toBe('select');
    expect(byMessage('Model of reflection').choices).toContain('');
    expect(byMessage('Model of reflection').message).toContain('(optional)');
  });

  it('asks whom the practitioners safeguard, in plain words, starting on children, and keeps the choice', async () => {
    {
      const pack = oneToOne;
      const steps = oneToOneScript({ contractedOut: false }).map((step) => ('select' in step && step.select === 'Whom the practitioners safeguard' ? { ...step, answer: 'adults' } : step));
      const prompts = new FakePrompts([...steps, confirmReview]);
      const draft = await runInterview(pack, {}, prompts);
      expect(prompts.remaining).toBe(0);
      const asked = prompts.asked.find((record) => record.message.startsWith('Whom the practitioners safeguard'))!;
      expect(asked.kind).toBe('select');
      expect(asked.shown).toEqual(['children', 'adults at risk', 'children and adults at risk']);
      expect(asked.default).toBe('children');
      const result = validateAnswers(pack.manifest, draft);
      expect(result.ok && result.answers.safeguarding).toEqual({ for: 'adults' });
    }
  });

  it('asks conditional fields only when their condition holds', async () => {
    const prompts = new FakePrompts([...oneToOneScript({ contractedOut: true }), confirmReview]);
    const draft = await runInterview(oneToOne, {}, prompts);
    const result = validateAnswers(oneToOne.manifest, draft);
    expect(result.ok && result.answers.lineManager).toEqual({ name: 'Sam Line', arrangement: 'A note after each session.' });
    const without = new FakePrompts([...oneToOneScript({ contractedOut: false }), confirmReview]);
    await runInterview(oneToOne, {}, without);
    expect(without.asked.some((record) => record.message.includes('Line manager'))).toBe(false);
  });

  it('shows a bad answer under the prompt and asks again, with the same rules as files', async () => {
    const prompts = new FakePrompts([
      ...oneToOneScript({ contractedOut: false, startDate: ['31/02/2026', 'soon', 'Mon 1 Mar 2027', 'Friday 1 December 2026', '2026-12-01'], reviewDate: ['1/11/2026', '2027-03-01'] }),
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, {}, prompts);
    const start = prompts.asked.find((record) => record.message.includes('Date the agreement starts'))!;
    expect(start.errors).toEqual([
      'must be a real date: February 2026 has 28 days (e.g. 28/02/2026)',
      'must be a date typed as 1/12/2026, 1 December 2026 or 2026-12-01',
      'must be a date without the weekday: write 1 Mar 2027',
      'must be a date without the weekday: 1 December 2026 is a Tuesday, not a Friday',
    ]);
    const review = prompts.asked.find((record) => record.message.includes('Date of the first review'))!;
    // Named by its question, not by the key an answers file uses (startDate).
    expect(review.errors).toEqual(['must be after "Date the agreement starts" (1 December 2026), but is 1 November 2026']);
    expect(draft.review).toMatchObject({ date: '2027-03-01' });
  });

  it('re-asks out-of-range numbers, bad times, bad emails and empty required text', async () => {
    const steps = oneToOneScript({ contractedOut: false });
    const at = (part: string) => steps.findIndex((step) => 'input' in step && step.input.includes(part));
    steps.splice(at('Length of each session'), 1, { input: 'Length', answer: '500' }, { input: 'Length', answer: 'an hour' }, { input: 'Length', answer: '2 hours' }, { input: 'Length', answer: '90 mins' }, { input: 'Length', answer: '60' });
    steps.splice(
      at('Start time'),
      1,
      ...['25:00', '9:75', '24:00', '2pm', '9.30 a.m.', 'half past two', '14:00'].map((answer) => ({ input: 'Start time', answer })),
    );
    steps.splice(at('Supervisee: email'), 1, { input: 'Supervisee: email', answer: 'tom at home' }, { input: 'Supervisee: email', answer: ENTER });
    steps.splice(at('Name of agency'), 1, { input: 'Name of agency', answer: '   ' }, { input: 'Name of agency', answer: 'Northshire' });
    const prompts = new FakePrompts([...steps, confirmReview]);
    const draft = await runInterview(oneToOne, {}, prompts);
    const errorsOf = (part: string) => prompts.asked.find((record) => record.message.includes(part))!.errors;
    // A number with a larger unit is said in the field's: two hours are 120 minutes, not 2.
    expect(errorsOf('Length')).toEqual([
      'must be at most 180',
      'must be a whole number of minutes',
      'must be a whole number of minutes alone: write 2 hours as 120',
      'must be a whole number of minutes alone: write 90 mins as 90',
    ]);
    // Said why, where it can be: "25:00" is in the form HH:MM, so the form alone would not show the slip.
    expect(errorsOf('Start time')).toEqual([
      'must be a 24-hour time as HH:MM: there is no hour 25',
      'must be a 24-hour time as HH:MM: there is no minute 75',
      'must be a 24-hour time as HH:MM: midnight is 00:00',
      'must be a 24-hour time as HH:MM: write 2pm as 14:00',
      'must be a 24-hour time as HH:MM: write 9.30 a.m. as 09:30',
      'must be a 24-hour time as HH:MM, e.g. 14:00',
    ]);
    expect(errorsOf('Supervisee: email')).toEqual(['must be an email address such as name@example.org']);
    expect(errorsOf('Name of agency')).toEqual(['an answer is required']);
    expect(draft).toMatchObject({ agency: 'Northshire', schedule: { durationMinutes: 60, time: '14:00' } });
    expect(validateAnswers(oneToOne.manifest, draft).ok).toBe(true);
  });
});

describe('runInterview, group', () => {
  it('gathers members with "add another?" within the pack bounds and offers the default ground rules', async () => {
    const prompts = new FakePrompts([
      { input: 'Name of agency', answer: 'Northshire Council' },
      { input: 'Supervisor: name', answer: 'Ade Okafor' },
      { input: 'Supervisor: role', answer: ENTER },
      { input: 'Supervisor: email', answer: ENTER },
      { input: 'Name of the supervision group', answer: ENTER },
      // The pack's minimum is two: no "add another?" before the second member.
      { input: 'Member 1: name', answer: 'Ana Silva' },
      { input: 'Member 1: role', answer: 'Social Worker' },
      { input: 'Member 1: email', answer: ENTER },
      { input: 'Member 2: name', answer: 'Li Wei' },
      { input: 'Member 2: role', answer: ENTER },
      { input: 'Member 2: email', answer: ENTER },
      { confirm: 'Add another member? (2 so far', answer: true },
      { input: 'Member 3: name', answer: 'Sam Reid' },
      { input: 'Member 3: role', answer: ENTER },
      { input: 'Member 3: email', answer: 'sam@example.org' },
      { confirm: 'Add another member? (3 so far', answer: false },
      { input: 'Date the agreement starts', answer: '2027-01-05' },
      ...scheduleToEnd('group'),
      { checkbox: 'Ground rules of the group', answer: ['0', '1', '2', '4'] },
      noRuleChanges,
      { input: 'Ground rules of the group: add another', answer: 'Phones on silent.' },
      { input: 'Ground rules of the group: add another', answer: ENTER },
      ...expectationsToEnd({ contractedOut: false }),
      confirmReview,
    ]);
    const draft = await runInterview(group, {}, prompts);
    expect(prompts.remaining).toBe(0);
    const result = validateAnswers(group.manifest, draft);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.answers.members).toEqual([
      { name: 'Ana Silva', role: 'Social Worker' },
      { name: 'Li Wei' },
      { name: 'Sam Reid', email: 'sam@example.org' },
    ]);
    expect(result.warnings).toEqual([]);
    const rules = result.answers.groundRules as string[];
    expect(rules).toHaveLength(5);
    expect(rules.some((rule) => rule.startsWith('Keep what is discussed'))).toBe(false);
    expect(rules.at(-1)).toBe('Phones on silent.');
    expect(prompts.asked.find((record) => record.kind === 'checkbox')!.choices).toHaveLength(5);
    // "Add another?" leans to yes below the recommended size and to no at it.
    const confirms = prompts.asked.filter((record) => record.message.startsWith('Add another member'));
    expect(confirms.map((record) => record.default)).toEqual([true, false]);
  });
});

describe('runInterview, ground rules pasted several to a line', () => {
  it('adds each line pasted (kept apart by ¶ on the line) as a rule of its own, and refuses more than the list holds', async () => {
    const rules = (answer: string): Step[] => [
      { checkbox: 'Ground rules of the group', answer: ['0'] },
      noRuleChanges,
      { input: 'Ground rules of the group: add another', answer },
    ];
    const given = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    given.groundRules = ['Start and finish on time.'];
    const prompts = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'groundRules' },
      ...rules(`Phones on silent. ¶ Cameras on when remote. ¶ ${Array.from({ length: 60 }, (_, index) => `Rule ${index + 1}.`).join(' ¶ ')}`),
      { input: 'Ground rules of the group: add another', answer: 'Phones on silent. ¶  Cameras on when remote. ¶' },
      { input: 'Ground rules of the group: add another', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(group, given, prompts);
    expect(getPath(draft, 'groundRules')).toEqual(['Start and finish on time.', 'Phones on silent.', 'Cameras on when remote.']);
    expect(prompts.asked.find((record) => record.message.includes('add another'))!.errors).toEqual([expect.stringMatching(/^allows at most \d+ items/)]);
  });
});

describe('runInterview, group, one more member than meant', () => {
  it('adds no one when the name of a member past the fewest is left empty, after "add another?" answered yes by habit', async () => {
    const prompts = new FakePrompts([
      { input: 'Name of agency', answer: 'Northshire Council' },
      { input: 'Supervisor: name', answer: 'Ade Okafor' },
      { input: 'Supervisor: role', answer: ENTER },
      { input: 'Supervisor: email', answer: ENTER },
      { input: 'Name of the supervision group', answer: ENTER },
      { input: 'Member 1: name', answer: 'Ana Silva' },
      { input: 'Member 1: role', answer: ENTER },
      { input: 'Member 1: email', answer: ENTER },
      // Still needed: an empty name is refused.
      { input: 'Member 2: name', answer: ENTER },
      { input: 'Member 2: name', answer: 'Li Wei' },
      { input: 'Member 2: role', answer: ENTER },
      { input: 'Member 2: email', answer: ENTER },
      { confirm: 'Add another member? (2 so far', answer: true },
      { input: 'Member 3: name', answer: ENTER },
      { input: 'Date the agreement starts', answer: '2027-01-05' },
      ...scheduleToEnd('group'),
      { checkbox: 'Ground rules of the group', answer: ['0'] },
      noRuleChanges,
      { input: 'Ground rules of the group: add another', answer: ENTER },
      ...expectationsToEnd({ contractedOut: false }),
      confirmReview,
    ]);
    const draft = await runInterview(group, {}, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.asked.find((record) => record.message === 'Member 2: name')!.errors).toEqual(['an answer is required']);
    expect(prompts.asked.find((record) => record.message === 'Member 3: name')!.help).toContain('Enter with no name adds no one.');
    expect(draft.members).toEqual([{ name: 'Ana Silva' }, { name: 'Li Wei' }]);
    expect(validateAnswers(group.manifest, draft).ok).toBe(true);
  });
});

describe('runInterview, review', () => {
  it('offers a yes written as yes in the answers file back as yes, so Enter keeps it', async () => {
    const example = parse(readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8')) as PlainObject;
    const prefilled = { ...example, contractedOut: 'yes', lineManager: { name: 'Sam Line', arrangement: 'A note after each session.' } };
    const prompts = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'contractedOut' },
      { confirm: 'contracted out', answer: true },
      confirmReview,
    ]);
    await runInterview(oneToOne, prefilled, prompts);
    expect(prompts.asked.find((record) => record.message.includes('contracted out'))!.default).toBe(true);
  });

  it('echoes the answer picked to change, a person picked to correct and a rule picked to reword whole, not cut to fit the list', async () => {
    // Cut to fit a row of the list, the choice was echoed so: "Which answer do you want to change? What the supervisee wants from the s…:".
    const example = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const longRule = 'Keep what is discussed within the group, within the limits of confidentiality set out in this agreement.';
    const members = [{ name: 'Ana Silva', role: 'Occupational Therapist', email: 'ana.silva@example.org' }, ...(example.members as PlainObject[]).slice(1)];
    const prefilled = { ...example, members, groundRules: [longRule] };
    const prompts = new FakePrompts(
      [
        { select: 'Is everything right?', answer: 'change' },
        { select: 'Which answer', answer: 'expectations.fromSupervisor' },
        { input: 'What the members want from the supervisor', answer: ENTER },
        { select: 'Is everything right?', answer: 'change' },
        { select: 'Which answer', answer: 'groundRules' },
        { checkbox: 'Ground rules of the group', answer: ['0'] },
        { select: 'change the wording of any?', answer: '0' },
        { input: 'Ground rules of the group: item 1', answer: ENTER },
        noRuleChanges,
        { input: 'Ground rules of the group: add another', answer: ENTER },
        { select: 'Is everything right?', answer: 'change' },
        { select: 'Which answer', answer: 'members' },
        { checkbox: 'Members of the group', answer: ['0', '1', '2', '3'] },
        { select: "change anyone's details?", answer: '0' },
        { input: 'Member 1: name', answer: ENTER },
        { input: 'Member 1: role', answer: ENTER },
        { input: 'Member 1: email', answer: ENTER },
        noMemberChanges,
        { confirm: 'Add another member?', answer: false },
        confirmReview,
      ],
      40,
    );
    await runInterview(group, prefilled, prompts);
    expect(prompts.remaining).toBe(0);
    const echoOf = (message: string): string | undefined => prompts.asked.find((record) => record.message.includes(message))?.echo;
    expect(echoOf('Which answer')).toBe('What the members want from the supervisor');
    expect(prompts.asked.find((record) => record.message.includes('change the wording of any?'))!.shown![1]).toMatch(/…$/);
    expect(echoOf('change the wording of any?')).toBe(`1. ${longRule}`);
    expect(prompts.asked.find((record) => record.message.includes("change anyone's details?"))!.shown![1]).toMatch(/…$/);
    expect(echoOf("change anyone's details?")).toBe('1. Ana Silva (Occupational Therapist, ana.silva@example.org)');
  });

  it('changes any answer and comes back to the review; computed dates follow', async () => {
    const prompts = new FakePrompts([
      ...oneToOneScript({ contractedOut: false }),
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'startDate' },
      { input: 'Date the agreement starts', answer: '2027-01-10' },
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'contractedOut' },
      { confirm: 'contracted out', answer: true },
      // Newly needed by the changed answer, so asked before the review comes back.
      { input: 'Line manager’s name', answer: 'Sam Line' },
      { input: 'link back', answer: 'Monthly note.' },
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: '' },
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, {}, prompts);
    expect(prompts.remaining).toBe(0);
    const result = validateAnswers(oneToOne.manifest, draft);
    expect(result.ok && result.answers).toMatchObject({
      startDate: '2027-01-10',
      review: { date: '2027-07-10' },
      lineManager: { name: 'Sam Line' },
    });
    const reviews = prompts.said.filter((text) => text.includes('Your answers for'));
    expect(reviews).toHaveLength(4);
    expect(reviews[0]).toContain('Date of the first review: 1 June 2027');
    expect(reviews[0]).not.toContain('Line manager’s name');
    expect(reviews[3]).toContain('Date the agreement starts: 10 January 2027');
    expect(reviews[3]).toContain('Date of the first review: 10 July 2027');
    expect(reviews[3]).toContain('Line manager’s name: Sam Line');
    expect(reviews[3]).toMatch(/line-management chain\)\?\s+yes/);
  });

  it('shows a warning at the review, in the words of the questions, while the answer can still be changed', async () => {
    const sameAsSupervisor = oneToOneScript({ contractedOut: false }).map((step) =>
      'input' in step && step.input === 'Supervisee: name' ? { ...step, answer: 'priya  SHAH' } : step,
    );
    const prompts = new FakePrompts([
      ...sameAsSupervisor,
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'supervisee' },
      { input: 'Supervisee: name', answer: 'Tom Evans' },
      { input: 'Supervisee: role', answer: ENTER },
      { input: 'Supervisee: email', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, {}, prompts);
    expect(prompts.remaining).toBe(0);
    const checks = prompts.said.filter((text) => text.startsWith('Check'));
    // Wrapped to the terminal's width (80 here), its next line under the text, not under the "!".
    expect(checks).toEqual(['Check this before you go on:\n  ! Supervisee: names the same person as the supervisor (priya  SHAH); check\n    that both are meant\n']);
    // Said right after the first review, before "Is everything right?" was asked; not after the second.
    const reviews = prompts.said.flatMap((text, index) => (text.includes('Your answers for') ? [index] : []));
    expect(prompts.said[reviews[0]! + 1]).toBe(checks[0]);
    expect(prompts.said[reviews[1]! + 1]).toBeUndefined();
    expect(validateAnswers(oneToOne.manifest, draft).warnings).toEqual([]);
  });

  it('shows at the review a first review a day after the start of an agreement reviewed every 6 months', async () => {
    const prompts = new FakePrompts([...oneToOneScript({ contractedOut: false, reviewDate: ['2/12/2026'] }), confirmReview]);
    const draft = await runInterview(oneToOne, {}, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.said.filter((text) => text.startsWith('Check'))).toEqual([
      'Check this before you go on:\n  ! Date of the first review: is 2 December 2026, one day after the start,\n    though the agreement is reviewed every 6 months; check that this date is\n    meant\n',
    ]);
    expect(validateAnswers(oneToOne.manifest, draft).ok).toBe(true);
  });

  it('never offers back an answer that was not accepted: the default instead, or nothing, so Enter clears an optional one', async () => {
    const example = parse(readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8')) as PlainObject;
    const prefilled = {
      ...example,
      supervisor: { ...(example.supervisor as PlainObject), email: 'priya@' },
      schedule: { ...(example.schedule as PlainObject), durationMinutes: 240 },
      review: { intervalMonths: 6, date: '2026-09-01' },
    };
    const prompts = new FakePrompts([
      { input: 'Supervisor: name', answer: ENTER },
      { input: 'Supervisor: role', answer: ENTER },
      { input: 'Supervisor: email', answer: ENTER },
      { input: 'Supervisor: registering body', answer: ENTER },
      { input: 'Supervisor: registration number', answer: ENTER },
      { input: 'Length of each session', answer: ENTER },
      { input: 'Date of the first review', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, prefilled, prompts);
    expect(prompts.remaining).toBe(0);
    const offered = Object.fromEntries(prompts.asked.filter((record) => record.kind === 'input').map((record) => [record.message, record.default]));
    expect(offered).toEqual({
      'Supervisor: name': 'Priya Shah',
      'Supervisor: role (optional)': (example.supervisor as PlainObject).role,
      'Supervisor: email (optional)': undefined,
      'Supervisor: registering body': getPath(example, 'supervisor.registration.body'),
      'Supervisor: registration number': getPath(example, 'supervisor.registration.number'),
      'Length of each session in minutes': '90',
      'Date of the first review': '1 June 2027',
    });
    expect(prompts.asked.flatMap((record) => record.errors)).toEqual([]);
    const result = validateAnswers(oneToOne.manifest, draft);
    expect(result.ok && [getPath(result.answers, 'supervisor.email'), getPath(result.answers, 'review.date')]).toEqual([undefined, '2027-06-01']);
  });

  it('says how to leave out an optional answer that Enter would keep, and only then', async () => {
    const example = parse(readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8')) as PlainObject;
    const prefilled = { ...example, supervisor: { ...(example.supervisor as PlainObject), email: 'priya@' } };
    const prompts = new FakePrompts([
      { input: 'Supervisor: name', answer: ENTER },
      { input: 'Supervisor: role', answer: ENTER },
      { input: 'Supervisor: email', answer: ENTER },
      { input: 'Supervisor: registering body', answer: ENTER },
      { input: 'Supervisor: registration number', answer: ENTER },
      confirmReview,
    ]);
    await runInterview(oneToOne, prefilled, prompts);
    expect(prompts.remaining).toBe(0);
    const helpOf = (message: string) => prompts.asked.find((record) => record.message.startsWith(message))!.help;
    expect(helpOf('Supervisor: role')).toBe('Enter keeps it; Backspace then Enter leaves it out. Tab puts it on the line to edit.');
    // Nothing offered back (the email was not accepted): nothing to say.
    expect(helpOf('Supervisor: email')).toBeUndefined();
    // An answer that cannot be left out can still be edited.
    expect(helpOf('Supervisor: name')).toBe('Tab puts it on the line to edit.');
    expect(helpOf('Supervisor: registering body')).toBe('Tab puts it on the line to edit.');

    // A text question, asked again at the review.
    const groupExample = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const changing = new FakePrompts([
      { input: 'Name of agency', answer: 'Northshire' },
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'groupName' },
      { input: 'Name of the supervision group', answer: ENTER },
      confirmReview,
    ]);
    await runInterview(group, { ...groupExample, agency: '' }, changing);
    expect(changing.remaining).toBe(0);
    expect(changing.asked.find((record) => record.message.startsWith('Name of the supervision group'))!.help).toBe(
      'Enter keeps it; Backspace then Enter leaves it out. Tab puts it on the line to edit.',
    );
  });

  it('asks "Add a member?", not "Add another", of a list that may be empty and has no one yet', async () => {
    const groupExample = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const { members: _members, ...withoutMembers } = groupExample;
    const optionalMembers: Pack = {
      ...group,
      manifest: {
        ...group.manifest,
        fields: group.manifest.fields.map((field) => (field.type === 'persons' ? { ...field, min: 0, required: false, recommended: undefined } : field)),
      },
    };
    const prompts = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'members' },
      { confirm: 'Add a member?', answer: true },
      { input: 'Member 1: name', answer: 'Ana Silva' },
      { input: 'Member 1: role', answer: ENTER },
      { input: 'Member 1: email', answer: ENTER },
      { confirm: 'Add another member? (1 so far)', answer: false },
      confirmReview,
    ]);
    await runInterview(optionalMembers, withoutMembers, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.asked.find((record) => record.message.startsWith('Add a'))?.message).toBe('Add a member?');
  });

  it('will not finish a list of text that needs an item with none: it says so under the question, not as an answer refused', async () => {
    const groupExample = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const { groundRules: _groundRules, ...withoutRules } = groupExample;
    const rulesNeeded: Pack = {
      ...group,
      manifest: {
        ...group.manifest,
        fields: group.manifest.fields.map((field) => (field.type === 'textlist' ? { ...field, required: true, default: undefined } : field)),
      },
    };
    const prompts = new FakePrompts([
      { input: 'Ground rules of the group: add one', answer: ENTER },
      { input: 'Ground rules of the group: add one', answer: 'Phones on silent.' },
      { input: 'Ground rules of the group: add another', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(rulesNeeded, withoutRules, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.asked[0]!.errors).toEqual(['must have at least one item']);
    expect(prompts.said.some((line) => line.includes('was not accepted'))).toBe(false);
    expect(draft.groundRules).toEqual(['Phones on silent.']);
  });

  it('takes a time typed with a dot, and a start date in words, as people write them', async () => {
    const script = oneToOneScript({ contractedOut: false, startDate: ['1st December 2026'] }).map((step) =>
      'input' in step && step.input === 'Start time' ? { ...step, answer: '9.30' } : step,
    );
    const prompts = new FakePrompts([...script, confirmReview]);
    const draft = await runInterview(oneToOne, {}, prompts);
    expect(prompts.asked.flatMap((record) => record.errors)).toEqual([]);
    expect([draft.startDate, getPath(draft, 'schedule.time')]).toEqual(['2026-12-01', '09:30']);
  });

  it('leaves out the answers a changed yes/no turns off, without a warning on every review, and gives them back on yes', async () => {
    const prompts = new FakePrompts([
      ...oneToOneScript({ contractedOut: true }),
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'contractedOut' },
      { confirm: 'contracted out', answer: false },
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'agency' },
      { input: 'Name of agency', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, {}, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.said.filter((text) => text.startsWith('Check'))).toEqual([]);
    expect(draft).not.toHaveProperty('lineManager');
    const result = validateAnswers(oneToOne.manifest, draft);
    expect(result.ok && result.warnings).toEqual([]);

    // Yes again: the line manager given before comes back, and is not asked for again.
    const back = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'contractedOut' },
      { confirm: 'contracted out', answer: false },
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'contractedOut' },
      { confirm: 'contracted out', answer: true },
      confirmReview,
    ]);
    const withLineManager = await runInterview(oneToOne, {}, new FakePrompts([...oneToOneScript({ contractedOut: true }), confirmReview]));
    const again = await runInterview(oneToOne, withLineManager, back);
    expect(back.remaining).toBe(0);
    expect(again.lineManager).toEqual({ name: 'Sam Line', arrangement: 'A note after each session.' });
  });

  it('still warns, at the review, about an answers file\'s line manager that the file itself leaves out', async () => {
    const example = parse(readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8')) as PlainObject;
    const prefilled = { ...example, schedule: { ...(example.schedule as PlainObject), time: '25:00' }, lineManager: { name: 'Sam Line' } };
    const prompts = new FakePrompts([{ input: 'Start time', answer: '14:00' }, confirmReview]);
    await runInterview(oneToOne, prefilled, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.said.filter((text) => text.startsWith('Check')).join('\n').replace(/\n {4}/g, ' ')).toContain(
      '! Line manager’s name: is left out of the agreement: it is asked only when "Are any elements of supervision “contracted out” (provided outside the line-management chain)?" is yes',
    );
  });

  it('names the question a line manager depends on, not its key, when one is required', async () => {
    const steps = oneToOneScript({ contractedOut: true });
    const at = steps.findIndex((step) => 'input' in step && step.input === 'Line manager’s name');
    steps.splice(at, 0, { input: 'Line manager’s name', answer: '  ' });
    const prompts = new FakePrompts([...steps, confirmReview]);
    await runInterview(oneToOne, {}, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.asked.find((record) => record.message.startsWith('Line manager’s name'))!.errors).toEqual([
      'an answer is required when "Are any elements of supervision “contracted out” (provided outside the line-management chain)?" is yes',
    ]);
  });

  it('starts an optional choice on "(none: leave it out)" until it has an answer, then on that answer', async () => {
    const prompts = new FakePrompts([
      ...oneToOneScript({ contractedOut: false }),
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'reflectiveModel' },
      { select: 'Model of reflection', answer: 'kolb' },
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'reflectiveModel' },
      { select: 'Model of reflection', answer: 'kolb' },
      confirmReview,
    ]);
    await runInterview(oneToOne, {}, prompts);
    expect(prompts.remaining).toBe(0);
    const asked = prompts.asked.filter((record) => record.message.startsWith('Model of reflection'));
    // Enter on the first question must not pick Morrison's model, which nobody chose.
    expect(asked.map((record) => record.default)).toEqual(['', '', 'kolb']);
    // A required choice still starts on its first choice.
    expect(prompts.asked.find((record) => record.message.startsWith('How often'))!.default).toBeUndefined();
  });

  it('re-asks a typed review date that a later start date has overtaken', async () => {
    const prompts = new FakePrompts([
      ...oneToOneScript({ contractedOut: false, reviewDate: ['2027-03-01'] }),
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'startDate' },
      { input: 'Date the agreement starts', answer: '2027-05-01' },
      { input: 'Date of the first review', answer: '2027-12-01' },
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, {}, prompts);
    expect(prompts.said.some((text) => text.includes('"Date of the first review" was not accepted: must be after "Date the agreement starts"'))).toBe(true);
    expect(draft.review).toMatchObject({ date: '2027-12-01' });
  });
});

describe('runInterview, a group from a file with a bare name and a number', () => {
  it('offers a member given as a bare name back as that name, and a ground rule given as a number as its text', async () => {
    const example = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const prefilled = { ...example, members: [{ name: 'Ana Silva' }, 'Li Wei', { name: 'Sam Reid' }], groundRules: ['Be on time.', 5] };
    const prompts = new FakePrompts([
      { checkbox: 'Members of the group', answer: ['0', '2'] },
      { input: 'Member 2: name', answer: ENTER },
      { input: 'Member 2: role', answer: ENTER },
      { input: 'Member 2: email', answer: ENTER },
      noMemberChanges,
      { confirm: 'Add another member?', answer: false },
      { checkbox: 'Ground rules of the group', answer: ['0', '1'] },
      noRuleChanges,
      { input: 'Ground rules of the group: add another', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(group, prefilled, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.asked.find((record) => record.message.startsWith('Member 2: name'))!.default).toBe('Li Wei');
    expect(prompts.asked.find((record) => record.message.startsWith('Ground rules'))!.choices).toEqual(['Be on time.', '5']);
    expect(getPath(draft, 'members')).toEqual([{ name: 'Ana Silva' }, { name: 'Li Wei' }, { name: 'Sam Reid' }]);
    expect(getPath(draft, 'groundRules')).toEqual(['Be on time.', '5']);
    // Said once, as that member comes up, not also before the list is asked.
    expect(prompts.said.filter((text) => text.includes('must be a person, not a name alone'))).toEqual([
      'Member "Li Wei" was not accepted: must be a person, not a name alone: put the name under "name" ({ name: Li Wei })',
    ]);
  });
});

describe('runInterview, rewording a ground rule in place', () => {
  it('puts the chosen rule on the line to edit, checks the new wording, and keeps it in its place', async () => {
    const example = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const prefilled = { ...example, groundRules: ['Be on tmie.', 'Phones on silent.', 'Speak one at a time.'] };
    const prompts = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'groundRules' },
      { checkbox: 'Ground rules of the group', answer: ['0', '1', '2'] },
      { select: 'Ground rules of the group: change the wording of any?', answer: '0' },
      // Too long for the pack's limit: refused, and asked again.
      { input: 'Ground rules of the group: item 1', answer: 'x'.repeat(600) },
      { input: 'Ground rules of the group: item 1', answer: 'Be on time.' },
      { select: 'Ground rules of the group: change the wording of any?', answer: '2' },
      // An emptied line keeps the rule as it was.
      { input: 'Ground rules of the group: item 3', answer: '   ' },
      noRuleChanges,
      { input: 'Ground rules of the group: add another', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(group, prefilled, prompts);
    expect(prompts.remaining).toBe(0);
    expect(getPath(draft, 'groundRules')).toEqual(['Be on time.', 'Phones on silent.', 'Speak one at a time.']);
    const firstEdit = prompts.asked.find((record) => record.message.endsWith('item 1'))!;
    expect(firstEdit).toMatchObject({ default: 'Be on tmie.', editable: true });
    expect(firstEdit.errors).toHaveLength(1);
  });
});

describe('runInterview, long members and ground rules', () => {
  it('lists each on one line of the terminal, to untick or to change, however long', async () => {
    const example = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const longName = `Anna-Maria ${'Bartłomiejczyk-Wiśniewska '.repeat(6).trim()}`;
    const longRule = 'Keep to time and say so when a case cannot wait. '.repeat(9).trim();
    const prefilled = { ...example, members: [{ name: longName, role: 'Senior Practitioner' }, { name: 'Li Wei' }, { name: 'Sam Reid' }], groundRules: [longRule, 'Phones on silent.'] };
    const prompts = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'members' },
      { checkbox: 'Members of the group: untick', answer: ['0', '1', '2'] },
      noMemberChanges,
      { confirm: 'Add another member? (3 so far', answer: false },
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'groundRules' },
      { checkbox: 'Ground rules of the group: untick', answer: ['0', '1'] },
      noRuleChanges,
      { input: 'Ground rules of the group: add another', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(group, prefilled, prompts);
    expect(prompts.remaining).toBe(0);
    // Kept whole: only the lists shorten them.
    expect((getPath(draft, 'members') as PlainObject[])[0]).toEqual({ name: longName, role: 'Senior Practitioner' });
    expect(getPath(draft, 'groundRules')).toEqual([longRule, 'Phones on silent.']);
    // 80 columns: a list to tick draws three before each line (pointer, box, space), a list to pick from two.
    const ticked = prompts.asked.filter((record) => record.kind === 'checkbox').flatMap((record) => record.choices ?? []);
    const picked = prompts.asked.filter((record) => record.message.includes('change')).flatMap((record) => record.shown ?? []);
    expect(ticked[0]).toMatch(/^Anna-Maria Bartłomiejczyk-Wiśniewska .*…$/);
    expect(picked.filter((line) => line.startsWith('1. '))).toEqual([
      '1. Anna-Maria Bartłomiejczyk-Wiśniewska Bartłomiejczyk-Wiśniewska Bartłomiej…',
      '1. Keep to time and say so when a case cannot wait. Keep to time and say so…',
    ]);
    for (const line of ticked) expect(line.length).toBeLessThanOrEqual(80 - 4);
    for (const line of picked) expect(line.length).toBeLessThanOrEqual(80 - 3);
  });
});

describe('runInterview, unticking every member', () => {
  it('says how many the group needs before asking for names again', async () => {
    const example = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const prompts = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'members' },
      { checkbox: 'Members of the group: untick', answer: [] },
      { input: 'Member 1: name', answer: 'Ana Silva' },
      { input: 'Member 1: role', answer: ENTER },
      { input: 'Member 1: email', answer: ENTER },
      { input: 'Member 2: name', answer: 'Li Wei' },
      { input: 'Member 2: role', answer: ENTER },
      { input: 'Member 2: email', answer: ENTER },
      { confirm: 'Add another member? (2 so far', answer: false },
      confirmReview,
    ]);
    const draft = await runInterview(group, example, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.said).toContain('Members of the group (at least 2, at most 30): no one kept so far.');
    expect(getPath(draft, 'members')).toEqual([{ name: 'Ana Silva' }, { name: 'Li Wei' }]);
  });
});

describe('runInterview, correcting a member in place', () => {
  it('re-asks a kept member with their details offered back and keeps them in their place', async () => {
    const example = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const prefilled = { ...example, members: [{ name: 'Ana Silvs', role: 'Occupational Therapist' }, { name: 'Li Wei' }, { name: 'Sam Reid' }, { name: 'Jo Bell' }] };
    const prompts = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'members' },
      { checkbox: 'Members of the group: untick', answer: ['0', '1', '3'] },
      { select: "change anyone's details?", answer: '0' },
      { input: 'Member 1: name', answer: 'Ana Silva' },
      { input: 'Member 1: role', answer: ENTER },
      // A correction is checked as any answer is, and asked again if it is not accepted.
      { input: 'Member 1: email', answer: 'ana@' },
      { input: 'Member 1: email', answer: 'ana@example.org' },
      { select: "change anyone's details?", answer: '2' },
      { input: 'Member 3: name', answer: ENTER },
      { input: 'Member 3: role', answer: 'Social Worker' },
      { input: 'Member 3: email', answer: ENTER },
      noMemberChanges,
      { confirm: 'Add another member? (3 so far', answer: false },
      confirmReview,
    ]);
    const draft = await runInterview(group, prefilled, prompts);
    expect(prompts.remaining).toBe(0);
    expect(getPath(draft, 'members')).toEqual([
      { name: 'Ana Silva', role: 'Occupational Therapist', email: 'ana@example.org' },
      { name: 'Li Wei' },
      { name: 'Jo Bell', role: 'Social Worker' },
    ]);
    const asked = prompts.asked.filter((record) => record.message.includes("change anyone's details?"));
    // Enter goes on; the choices are the people kept, as they now stand, in signing order.
    expect(asked.map((record) => record.default)).toEqual(['done', 'done', 'done']);
    expect(asked[0]!.choices).toEqual(['done', '0', '1', '2']);
    expect(prompts.asked.find((record) => record.message === 'Member 1: name')!.default).toBe('Ana Silvs');
    expect(prompts.asked.find((record) => record.message.startsWith('Member 1: role'))!.default).toBe('Occupational Therapist');
    expect(prompts.asked.find((record) => record.message.startsWith('Member 1: email'))!.errors).toEqual(['must be an email address such as name@example.org']);
    expect(prompts.asked.find((record) => record.message === 'Member 3: name')!.default).toBe('Jo Bell');
  });
});

describe('runInterview, prefilled', () => {
  it('starts a choice written another way in the file (Monthly, or its label) on the choice it stands for', async () => {
    const prefilled = {
      agency: 'Northshire',
      supervisor: { name: 'Priya Shah' },
      supervisee: { name: 'Tom Evans' },
      startDate: '2027-03-01',
      schedule: { frequency: 'Monthly', day: 'Tuesdays', time: '14:00', rebookedBy: 'Priya' },
      location: { mode: 'remote', venue: 'Teams', bookedBy: 'Tom', contingency: 'Phone.' },
      recording: { recordedBy: 'Priya', method: 'Template.', storedIn: 'System' },
      expectations: { fromSupervisor: 'a', fromSupervisee: 'b', contributions: 'c' },
    };
    const prompts = new FakePrompts([{ select: 'How often', answer: 'monthly' }, confirmReview]);
    await runInterview(oneToOne, prefilled, prompts);
    expect(prompts.asked.find((record) => record.message.startsWith('How often'))!.default).toBe('monthly');
    const byLabel = new FakePrompts([{ select: 'How often', answer: 'four-weekly' }, confirmReview]);
    await runInterview(oneToOne, { ...prefilled, schedule: { ...prefilled.schedule, frequency: 'Every four weeks' } }, byLabel);
    expect(byLabel.asked.find((record) => record.message.startsWith('How often'))!.default).toBe('four-weekly');
  });

  it('says why a date given that was not read at all is refused in the forms it is now to be typed in', async () => {
    const prefilled = {
      agency: 'Northshire Council',
      supervisor: { name: 'Priya Shah' },
      supervisee: { name: 'Tom Evans' },
      startDate: '1/3',
      schedule: { frequency: 'monthly', day: 'Tuesdays', time: '14:00', rebookedBy: 'Priya' },
      location: { mode: 'remote', venue: 'Teams', bookedBy: 'Tom', contingency: 'Phone.' },
      recording: { recordedBy: 'Priya', method: 'Template.', storedIn: 'System' },
      expectations: { fromSupervisor: 'a', fromSupervisee: 'b', contributions: 'c' },
    };
    const prompts = new FakePrompts([{ input: 'Date the agreement starts', answer: '1/3/2027' }, confirmReview]);
    const draft = await runInterview(oneToOne, prefilled, prompts);
    expect(prompts.said.join('\n')).toContain('The answer given for "Date the agreement starts" was not accepted: must have the year too: 1/3/YYYY\n');
    expect(draft.startDate).toBe('2027-03-01');
  });

  it('asks only what is missing or invalid, and sets aside unknown keys with a note', async () => {
    const prefilled = {
      template: 'one-to-one',
      agency: 'Northshire Council',
      supervisor: { name: 'Priya Shah', email: 'not-an-email' },
      startDate: '2026-12-01',
      schedule: { frequency: 'monthly', day: 'Tuesdays', time: '25:00', rebookedBy: 'Priya' },
      location: { mode: 'remote', venue: 'Teams', bookedBy: 'Tom', contingency: 'Phone.' },
      recording: { recordedBy: 'Priya', method: 'Template.', storedIn: 'System' },
      expectations: { fromSupervisor: 'a', fromSupervisee: 'b', contributions: 'c' },
      scheduel: 'typo',
    };
    const prompts = new FakePrompts([
      { input: 'Supervisor: name', answer: ENTER },
      { input: 'Supervisor: role', answer: ENTER },
      { input: 'Supervisor: email', answer: 'priya@example.org' },
      { input: 'Supervisee: name', answer: 'Tom Evans' },
      { input: 'Supervisee: role', answer: ENTER },
      { input: 'Supervisee: email', answer: ENTER },
      { input: 'Start time', answer: '14:00' },
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, prefilled, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.asked.find((record) => record.message.includes('Supervisor: name'))!.default).toBe('Priya Shah');
    expect(prompts.said.join('\n')).toContain('Ignoring "scheduel": is not a field of this template (did you mean "schedule"?)');
    expect(prompts.said.join('\n')).toContain('"Start time (24-hour, HH:MM)" was not accepted: must be a 24-hour time');
    expect(prompts.said.join('\n')).toContain('3 answers are still needed');
    // What was given is not offered back, so it is said with the problem: the person can see the slip.
    expect(prompts.said.join('\n')).toContain('"Start time (24-hour, HH:MM)" was not accepted: must be a 24-hour time as HH:MM: there is no hour 25 (given: "25:00")');
    expect(prompts.said.join('\n')).toContain('"Supervisor: email" was not accepted: must be an email address such as name@example.org (given: "not-an-email")');

    // A value the problem already names is not said twice; one inside a number of the message (the 1 of 180) is.
    const numbers = new FakePrompts([
      { input: 'Supervisor: name', answer: 'Priya Shah' },
      { input: 'Supervisor: role', answer: ENTER },
      { input: 'Supervisor: email', answer: ENTER },
      { input: 'Supervisee: name', answer: 'Tom Evans' },
      { input: 'Supervisee: role', answer: ENTER },
      { input: 'Supervisee: email', answer: ENTER },
      { input: 'Length of each session', answer: '60' },
      confirmReview,
    ]);
    await runInterview(oneToOne, { ...prefilled, supervisor: { name: 123 }, schedule: { ...prefilled.schedule, time: '14:00', durationMinutes: 1 } }, numbers);
    expect(numbers.remaining).toBe(0);
    expect(numbers.said.join('\n')).toContain('"Supervisor: name" was not accepted: must be text, but 123 is read as a number: put it in quotes ("123")\n');
    expect(numbers.said.join('\n')).toContain('"Length of each session in minutes" was not accepted: must be at least 30 (given: "1")');
    const result = validateAnswers(oneToOne.manifest, draft);
    expect(result.ok && result.answers).toMatchObject({
      supervisor: { name: 'Priya Shah', email: 'priya@example.org' },
      schedule: { time: '14:00', durationMinutes: 90 },
    });
  });

  // The review date given must follow the start date, which is still to be asked: it cannot be judged
  // until then, so it is asked in the same round and counted, whichever way the new start date falls.
  it('counts, and asks after it, a date given in the answers that must follow one still to be asked', async () => {
    const example = parse(readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8')) as PlainObject;
    const prefilled = { ...example, startDate: '2026-13-01', review: { intervalMonths: 6, date: '2027-06-01' } };
    const startAndReview = (start: string, review: string): Step[] => [
      { input: 'Date the agreement starts', answer: start },
      { input: 'Date of the first review', answer: review },
      confirmReview,
    ];

    // A start date past the review date given: the review date is no longer accepted.
    const overtaken = new FakePrompts(startAndReview('1/8/2027', ENTER));
    const later = validateAnswers(oneToOne.manifest, await runInterview(oneToOne, prefilled, overtaken));
    expect(overtaken.remaining).toBe(0);
    expect(overtaken.said).toContain('2 answers are still needed for the Agreement for 1:1 Safeguarding Supervision.\n');
    // The date given is named by the problem already ("but is 1 June 2027"), so it is not said again.
    expect(overtaken.said.join('\n')).toContain('"Date of the first review" was not accepted: must be after "Date the agreement starts" (1 August 2027), but is 1 June 2027\n');
    expect(overtaken.asked.find((record) => record.message.includes('Date of the first review'))!.default).toBe('1 February 2028');
    expect(later.ok && getPath(later.answers, 'review.date')).toBe('2028-02-01');

    // One before it: the review date given still fits, and Enter keeps it.
    const fits = new FakePrompts(startAndReview('1/12/2026', ENTER));
    const kept = validateAnswers(oneToOne.manifest, await runInterview(oneToOne, prefilled, fits));
    expect(fits.remaining).toBe(0);
    expect(fits.said).toContain('2 answers are still needed for the Agreement for 1:1 Safeguarding Supervision.\n');
    expect(fits.said).toContain('"Date of the first review" must be after "Date the agreement starts": check the date given, 1 June 2027, against it.');
    expect(kept.ok && getPath(kept.answers, 'review.date')).toBe('2027-06-01');

    // Nothing to check it against yet either when the start date is missing; a review date left to be worked out is not asked.
    const { startDate: _missing, ...withoutStart } = prefilled;
    const missing = new FakePrompts(startAndReview('1/8/2027', '1/3/2028'));
    await runInterview(oneToOne, withoutStart, missing);
    expect(missing.remaining).toBe(0);
    expect(missing.said).toContain('2 answers are still needed for the Agreement for 1:1 Safeguarding Supervision.\n');
    const computed = new FakePrompts([{ input: 'Date the agreement starts', answer: '1/8/2027' }, confirmReview]);
    await runInterview(oneToOne, { ...withoutStart, review: { intervalMonths: 6 } }, computed);
    expect(computed.remaining).toBe(0);
    expect(computed.said).toContain('1 answer is still needed for the Agreement for 1:1 Safeguarding Supervision.\n');
  });

  it('says how many more questions a yes/no answer still to be given may bring in', async () => {
    const example = parse(readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8')) as PlainObject;
    expect(example.lineManager).toBeUndefined();
    const prefilled = { ...example, contractedOut: 'perhaps' };
    const yes = new FakePrompts([
      { confirm: 'contracted out', answer: true },
      { input: 'Line manager’s name', answer: 'Sam Jones' },
      { input: 'How supervision will link back to the line manager', answer: 'They meet each quarter.' },
      confirmReview,
    ]);
    await runInterview(oneToOne, prefilled, yes);
    expect(yes.remaining).toBe(0);
    expect(yes.said).toContain('1 answer is still needed for the Agreement for 1:1 Safeguarding Supervision, and up to 2 more depending on it.\n');
    // A line manager already given is not counted again.
    const given = new FakePrompts([{ confirm: 'contracted out', answer: true }, confirmReview]);
    await runInterview(oneToOne, { ...prefilled, lineManager: { name: 'Sam Jones', arrangement: 'They meet each quarter.' } }, given);
    expect(given.remaining).toBe(0);
    expect(given.said).toContain('1 answer is still needed for the Agreement for 1:1 Safeguarding Supervision.\n');
  });

  it('says how many members are usual on either side of the range', async () => {
    // The last one's email is not accepted, so the members are asked about.
    const members = Array.from({ length: 10 }, (_, index) => ({ name: `Member Name ${index + 1}`, ...(index === 9 ? { email: 'x@' } : {}) }));
    const prompts = new FakePrompts([
      ...groupUpToMembers,
      { checkbox: 'Members of the group: untick', answer: members.slice(0, 9).map((_, index) => String(index)) },
      { input: 'Member 10: name', answer: ENTER },
      { input: 'Member 10: role', answer: ENTER },
      { input: 'Member 10: email', answer: ENTER },
      noMemberChanges,
      { confirm: 'Add another member? (10 so far; up to 10 is usual)', answer: false },
    ]);
    await runInterview(group, { members }, prompts).catch((error: Error) => {
      if (!error.message.startsWith('Script ran out')) throw error;
    });
    expect(prompts.remaining).toBe(0);
  });

  it('says how many members are ticked past the most a group allows, to untick the rest', async () => {
    const members = Array.from({ length: 35 }, (_, index) => ({ name: `Member Name ${index + 1}` }));
    const prompts = new FakePrompts([
      ...groupUpToMembers,
      { checkbox: 'Members of the group: untick', answer: members.map((_, index) => String(index)) },
    ]);
    await expect(runInterview(group, { members }, prompts)).rejects.toThrow('checkbox refused: allows at most 30 members (35 are ticked)');
  });

  it('says a group is full when it reaches the most members allowed, as no "Add another?" comes to say so', async () => {
    const members = Array.from({ length: 30 }, (_, index) => ({ name: `Member Name ${index + 1}`, ...(index === 29 ? { email: 'x@' } : {}) }));
    const prompts = new FakePrompts([
      ...groupUpToMembers,
      { checkbox: 'Members of the group: untick', answer: members.slice(0, 29).map((_, index) => String(index)) },
      { input: 'Member 30: name', answer: ENTER },
      { input: 'Member 30: role', answer: ENTER },
      { input: 'Member 30: email', answer: ENTER },
      noMemberChanges,
    ]);
    await runInterview(group, { members }, prompts).catch((error: Error) => {
      if (!error.message.startsWith('Script ran out')) throw error;
    });
    expect(prompts.remaining).toBe(0);
    expect(prompts.said).toContain('Members of the group: 30, the most allowed.');
    expect(prompts.asked.some((record) => record.message.startsWith('Add another member'))).toBe(false);
  });

  it('says a list of text is full at its most items, where it would ask for another', async () => {
    const example = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    const groundRules = Array.from({ length: 50 }, (_, index) => `Rule ${index + 1}.`);
    const prompts = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'groundRules' },
      { checkbox: 'Ground rules of the group: untick', answer: groundRules.map((_, index) => String(index)) },
      noRuleChanges,
      confirmReview,
    ]);
    await runInterview(group, { ...example, groundRules }, prompts);
    expect(prompts.remaining).toBe(0);
    expect(prompts.said).toContain('Ground rules of the group: 50, the most allowed.');
  });

  it('keeps a corrected member in their place, the order they sign in', async () => {
    const prefilled = { members: [{ name: 'A One', email: 'a@' }, { name: 'B Two' }, { name: 'C Three' }] };
    const prompts = new FakePrompts([
      ...groupUpToMembers,
      { checkbox: 'Members of the group: untick', answer: ['1', '2'] },
      { input: 'Member 1: name', answer: ENTER },
      { input: 'Member 1: role', answer: ENTER },
      { input: 'Member 1: email', answer: 'a@example.org' },
      noMemberChanges,
      { confirm: 'Add another member? (3 so far', answer: false },
    ]);
    const draft = await runInterview(group, prefilled, prompts).catch((error: Error) => {
      if (!error.message.startsWith('Script ran out')) throw error;
      return undefined;
    });
    expect(draft).toBeUndefined();
    expect(prompts.remaining).toBe(0);
    const members = prompts.asked.filter((record) => record.message.startsWith('Member 1: name'));
    expect(members.map((record) => record.default)).toEqual(['A One']);
  });

  it('keeps or drops the members already given and re-asks an invalid one', async () => {
    const prefilled = {
      members: [{ name: 'Ana Silva' }, { name: 'Li Wei', email: 'nope' }, { name: 'Sam Reid' }],
    };
    const steps: Step[] = [
      ...groupUpToMembers,
      { checkbox: 'Members of the group: untick', answer: ['0'] },
      { input: 'Member 2: name', answer: ENTER },
      { input: 'Member 2: role', answer: ENTER },
      { input: 'Member 2: email', answer: 'li@example.org' },
      noMemberChanges,
      { confirm: 'Add another member? (2 so far', answer: false },
    ];
    const prompts = new FakePrompts(steps);
    // Stop the interview after the members: the remaining questions are covered elsewhere.
    await runInterview(group, prefilled, prompts).catch((error: Error) => {
      if (!error.message.startsWith('Script ran out')) throw error;
    });
    expect(prompts.remaining).toBe(0);
    expect(prompts.asked.find((record) => record.kind === 'checkbox')!.choices).toEqual(['Ana Silva', 'Sam Reid']);
    expect(prompts.said.join('\n')).toContain('Member "Li Wei (nope)" was not accepted: must be an email address');
  });
});

describe('chooseTemplate', () => {
  it('offers every installed pack by title and returns the one chosen', async () => {
    const prompts = new FakePrompts([{ select: 'Which agreement', answer: 'group' }]);
    const chosen = await chooseTemplate(packs, prompts);
    expect(chosen.manifest.name).toBe('group');
    expect(prompts.asked[0]!.choices).toEqual(packs.map((pack) => pack.manifest.name));
  });
});

describe('the review text', () => {
  it('keeps the indentation of every line and wraps long answers under it', async () => {
    const { formatReview, wrapLine } = await import('../../../src/interview/describe-answers.js');
    expect(wrapLine('  Label: one two three four', 16, '      ')).toEqual(['  Label: one two', '      three four']);
    const text = formatReview(group.manifest, { agency: 'A', members: [{ name: 'Ana', role: 'SW' }, { name: 'Li' }], startDate: '2027-01-05' }, () => true, 80);
    expect(text).toContain('\n  Name of agency: A\n');
    expect(text).toContain('\n  Members of the group:\n      1. Ana (SW)\n      2. Li\n');
    expect(text).toContain('\n  Date the agreement starts: 5 January 2027\n');
    expect(text).toContain('\n  Name of the supervision group: (not given)\n');
    // A text with line breaks (a block from an answers file): each line under the first, not at the margin.
    const block = formatReview(group.manifest, { agency: 'Line one.\nLine two.' }, (field) => field.key === 'agency', 80);
    expect(block).toContain('\n  Name of agency: Line one.\n      Line two.');
  });

  it('wraps in the columns of the terminal, a Chinese character taking two, each row under its indent', async () => {
    const { formatReview, wrapLine } = await import('../../../src/interview/describe-answers.js');
    const name = '王小明王小明王小明王小明王小明王小明';
    const text = formatReview(group.manifest, { members: [{ name, role: '社会工作者社会工作者' }, { name: 'Li' }] }, (field) => field.key === 'members', 40);
    const rows = text.split('\n').slice(3);
    for (const row of rows) expect(columnsOf(row)).toBeLessThanOrEqual(40);
    // 36 columns of name (18 characters), then its role on the next row, under the name rather than at the margin.
    expect(rows).toEqual([`      1. ${name.slice(0, 15)}`, `        ${name.slice(15)} (社会工作者社会工作者)`, '      2. Li']);
    // A warning at the review is wrapped by the same rule (its own lines are made by wrapLine).
    const warning = wrapLine(`  ! Member 2: names the same person as Member 1 (${name}); check that both are meant`, 40, '    ');
    for (const row of warning) expect(columnsOf(row)).toBeLessThanOrEqual(40);
    expect(warning.slice(1).every((row) => row.startsWith('    ') && !row.startsWith('     '))).toBe(true);
    // Nothing lost: the name, wider than a row, is broken where the row ends.
    expect(warning.join('').replace(/ /g, '')).toBe(`!Member2:namesthesamepersonasMember1(${name});checkthatbotharemeant`);
  });
});

describe('runInterview, a text with line breaks from an answers file', () => {
  it('offers it on one line, keeps its breaks if Enter keeps it, and takes what is typed over it', async () => {
    const given = readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8');
    const prefilled = parse(given) as PlainObject;
    const contingency = 'If the room is unavailable, a video call.\nNever in an open-plan office.';
    (prefilled.location as PlainObject).contingency = contingency;
    delete prefilled.agency;
    const run = async (answer: string): Promise<unknown> => {
      const prompts = new FakePrompts([
        { input: 'Name of agency', answer: 'Northshire' },
        { select: 'Is everything right?', answer: 'change' },
        { select: 'Which answer', answer: 'location.contingency' },
        { input: 'unavailable', answer },
        confirmReview,
      ]);
      const draft = await runInterview(oneToOne, prefilled, prompts);
      expect(prompts.asked.find((record) => record.message.includes('unavailable'))!.default).toBe('If the room is unavailable, a video call. Never in an open-plan office.');
      return getPath(draft, 'location.contingency');
    };
    expect(await run(ENTER)).toBe(contingency);
    expect(await run('A phone call instead.')).toBe('A phone call instead.');
  });
});

describe('runInterview, an answer from a file that stands for one it would accept', () => {
  it('offers the answer it stands for, as its problem says to write it, not the pack\'s default', async () => {
    const prefilled = parse(readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8')) as PlainObject;
    (prefilled.schedule as PlainObject).durationMinutes = '2 hours';
    prefilled.review = { intervalMonths: 6, date: '1/9/2027' };
    const prompts = new FakePrompts([
      { input: 'Length of each session', answer: ENTER },
      { input: 'Date of the first review', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, prefilled, prompts);
    expect(prompts.said.join('\n')).toContain('must be a whole number of minutes alone: write 2 hours as 120');
    // Before, the pack's 90 minutes and the review date worked out from the start date were offered, and Enter took them.
    expect(prompts.asked.map((record) => record.default)).toEqual(['120', '1 September 2027', undefined]);
    expect(getPath(draft, 'schedule.durationMinutes')).toBe(120);
    expect(getPath(draft, 'review.date')).toBe('2027-09-01');
  });
});

describe('runInterview, a list from a file with an empty item', () => {
  it('offers only the items with something in them to keep, not a blank row', async () => {
    const given = parse(readFileSync(new URL('../../../examples/group.yaml', import.meta.url), 'utf8')) as PlainObject;
    given.groundRules = ['Start and finish on time.', '   ', 'Phones on silent.'];
    const prompts = new FakePrompts([
      { checkbox: 'Ground rules of the group', answer: ['0', '1'] },
      noRuleChanges,
      { input: 'Ground rules of the group: add another', answer: ENTER },
      confirmReview,
    ]);
    const draft = await runInterview(group, given, prompts);
    expect(prompts.asked[0]!.choices).toEqual(['Start and finish on time.', 'Phones on silent.']);
    expect(getPath(draft, 'groundRules')).toEqual(['Start and finish on time.', 'Phones on silent.']);
  });
});

describe('runInterview, an email address typed with a comma', () => {
  it('is told there is no comma in one, and the address it would be with a full stop', async () => {
    const prefilled = parse(readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8')) as PlainObject;
    (prefilled.supervisee as PlainObject).email = 'tom@northshire,org';
    const prompts = new FakePrompts([
      { input: 'Supervisee: name', answer: ENTER },
      { input: 'Supervisee: role', answer: ENTER },
      { input: 'Supervisee: email', answer: 'tom@northshire,org' },
      { input: 'Supervisee: email', answer: 'tom@northshire.org' },
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, prefilled, prompts);
    const said = 'must be an email address such as name@example.org, with no comma: did you mean tom@northshire.org?';
    expect(prompts.said.join('\n')).toContain(`The answer given for "Supervisee: email" was not accepted: ${said}`);
    expect(prompts.asked.find((record) => record.message.startsWith('Supervisee: email'))!.errors).toEqual([said]);
    expect(getPath(draft, 'supervisee.email')).toBe('tom@northshire.org');
  });
});

describe('runInterview, a long text of several paragraphs', () => {
  const given = readFileSync(new URL('../../../examples/one-to-one.yaml', import.meta.url), 'utf8');

  it('keeps the paragraphs of an answer typed or pasted on the line, each marked by ¶, as paragraphs', async () => {
    const prefilled = parse(given) as PlainObject;
    delete (prefilled.recording as PlainObject).method;
    const prompts = new FakePrompts([{ input: 'How exactly recording', answer: 'Notes on the template. ¶ Both sign. ¶  ' }, confirmReview]);
    const draft = await runInterview(oneToOne, prefilled, prompts);
    expect(getPath(draft, 'recording.method')).toBe('Notes on the template.\n\nBoth sign.');
    expect(prompts.asked[0]!.echo).toBe('Notes on the template. ¶ Both sign.');
  });

  it('offers one from an answers file with its paragraphs marked, says what the mark is, and keeps them once edited', async () => {
    const prefilled = parse(given) as PlainObject;
    (prefilled.recording as PlainObject).method = 'Notes on the template,\nread by both.\n\nBoth sign.';
    const prompts = new FakePrompts([
      { select: 'Is everything right?', answer: 'change' },
      { select: 'Which answer', answer: 'recording.method' },
      { input: 'How exactly recording', answer: 'Notes on the template, read by both. ¶ Both sign and date it.' },
      confirmReview,
    ]);
    const draft = await runInterview(oneToOne, prefilled, prompts);
    const asked = prompts.asked.find((record) => record.message.includes('How exactly recording'))!;
    expect(asked.default).toBe('Notes on the template, read by both. ¶ Both sign.');
    expect(asked.help).toContain('Each ¶ starts a new paragraph.');
    expect(getPath(draft, 'recording.method')).toBe('Notes on the template, read by both.\n\nBoth sign and date it.');
  });
});

describe('describeProblemPath', () => {
  it('names a problem by its question, and a listed person as a reader counts them', () => {
    expect(describeProblemPath(group.manifest, 'members.2')).toBe('Member 3');
    expect(describeProblemPath(group.manifest, 'members.0.email')).toBe('Member 1: email');
    expect(describeProblemPath(oneToOne.manifest, 'supervisor.email')).toBe('Supervisor: email');
    expect(describeProblemPath(oneToOne.manifest, 'review.date')).toBe('Date of the first review');
    expect(describeProblemPath(oneToOne.manifest, 'scheduel')).toBe('scheduel');
    expect(describeProblemPath(group.manifest, 'groundRules.0')).toBe('Ground rules of the group: item 1');
  });
});

describe('describeChoice', () => {
  it('keeps a question and its answer on one line of the terminal, however long', () => {
    const method = oneToOne.manifest.fields.find((field) => field.key === 'recording.method')!;
    for (const width of [40, 60, 100]) {
      const line = describeChoice(method, 'The supervisor writes the record on the agreed template during the session.', width);
      expect(line.length).toBeLessThanOrEqual(width - 3);
      expect(line.endsWith('…')).toBe(true);
    }
    const agency = oneToOne.manifest.fields.find((field) => field.key === 'agency')!;
    expect(describeChoice(agency, 'Northshire', 100)).toBe('Name of agency: Northshire');
  });

  it('cuts a long question rather than its short answer, so a yes or no can be read in a terminal of 80 columns or fewer', () => {
    const contractedOut = oneToOne.manifest.fields.find((field) => field.key === 'contractedOut')!;
    for (const width of [40, 60, 80]) {
      const line = describeChoice(contractedOut, true, width);
      expect(line.length).toBeLessThanOrEqual(width - 3);
      expect(line).toMatch(/^Are any elements of supervision.*…\? yes$/);
    }
    const lineManager = group.manifest.fields.find((field) => field.key === 'lineManager.name')!;
    const shortened = describeChoice(lineManager, 'Jordan Blake', 40);
    expect(shortened.length).toBeLessThanOrEqual(37);
    expect(shortened).toMatch(/^The members’ line.*…: Jordan Blake$/);
  });

  it('shows as much of an answer as the row has room for, so an email address is not cut short in 80 columns', () => {
    const supervisor = oneToOne.manifest.fields.find((field) => field.key === 'supervisor')!;
    const priya = { name: 'Priya Shah', role: 'Team Manager', email: 'priya.shah@northshire.example.org' };
    for (const width of [80, 120]) {
      expect(describeChoice(supervisor, priya, width)).toBe('Supervisor: Priya Shah (Team Manager, priya.shah@northshire.example.org)');
    }
    const narrow = describeChoice(supervisor, priya, 40);
    expect(narrow.length).toBeLessThanOrEqual(37);
    expect(narrow).toMatch(/^Supervisor: Priya Shah .*…$/);
  });

  it('fits a line to the columns the terminal gives it, a Chinese character taking two', () => {
    const name = '王小明王小明王小明王小明王小明王小明王小明王小明王小明王小明 (社会工作者)';
    const line = fitChoice(name, 40, 3);
    expect(line.endsWith('…')).toBe(true);
    // 36 columns: 17 characters of two columns each, then the ellipsis.
    expect(line).toBe(`${name.slice(0, 17)}…`);
    expect(fitChoice('王小明', 40, 3)).toBe('王小明');
    expect(fitChoice('A line of exactly thirty-six chars!!', 40, 3)).toBe('A line of exactly thirty-six chars!!');
  });

  it('counts one item as one, and puts no colon after a question', () => {
    const rules = group.manifest.fields.find((field) => field.key === 'groundRules')!;
    expect(describeChoice(rules, ['Start on time.'], 100)).toBe('Ground rules of the group: 1 item');
    expect(describeChoice(rules, ['Start on time.', 'Phones on silent.'], 100)).toBe('Ground rules of the group: 2 items');
    const contractedOut = oneToOne.manifest.fields.find((field) => field.key === 'contractedOut')!;
    expect(describeChoice(contractedOut, true, 120)).toBe('Are any elements of supervision “contracted out” (provided outside the line-management chain)? yes');
  });
});
