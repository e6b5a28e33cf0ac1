import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lexer } from 'marked';
import { describe, expect, it, vi } from 'vitest';
import type { Pack } from '../../src/packs/pack-format.js';
import { packManifestSchema } from '../../src/packs/pack-format.js';
import { validateAnswers, type Answers } from '../../src/packs/validate-answers.js';
import { compilePacks, renderMarkdown, renderMarkdownForPdf } from '../../src/render/render-markdown.js';
import { renderAgreement } from '../../src/render/render-agreement.js';
import type { PdfFileRenderer } from '../../src/render/render-pdf-file.js';
import { ValidationError } from '../../src/errors.js';
import { builtInTemplatesDir, loadTemplatesDirectory } from '../../src/packs/load-packs.js';
import { loadBuiltInPack, readExampleAnswers } from '../support/packs.js';

const goldenDir = join(import.meta.dirname, '..', 'golden');

async function validExample(name: string, changes: Record<string, unknown> = {}): Promise<{ pack: Pack; answers: Answers }> {
  const pack = await loadBuiltInPack(name);
  const result = validateAnswers(pack.manifest, { ...readExampleAnswers(name), ...changes });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return { pack, answers: result.answers };
}

/** A one-field pack (a person, `lead`) with the given entry template and partials, for rules the built-in packs do not show. */
function tinyPack(entry: string, partials: Record<string, string>): Pack {
  const manifest = packManifestSchema.parse({
    name: 'tiny', title: 'Tiny', version: '1.0.0', description: 'd', fileNameFrom: ['lead.name'], subject: 'S {{lead.name}}',
    fields: [{ key: 'lead', type: 'person', label: 'Lead' }],
    signers: [{ field: 'lead', title: 'Lead' }],
  });
  return {
    manifest,
    dir: '/virtual/tiny',
    manifestText: '',
    entry: { path: '/virtual/tiny/agreement.md.hbs', source: entry },
    partials: new Map(Object.entries(partials).map(([name, source]) => [name, { path: `/virtual/${name}.md.hbs`, source }])),
  };
}

function validAnswers(manifest: Pack['manifest'], answers: Record<string, unknown>): Answers {
  const result = validateAnswers(manifest, answers);
  if (!result.ok) throw new Error('invalid answers');
  return result.answers;
}

/** The answers with each dotted key set (or, to undefined, left out), the rest as they were. */
function withAnswers(answers: Record<string, unknown>, changes: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const copy = structuredClone(answers);
  for (const [key, value] of changes) {
    const parts = key.split('.');
    let at: Record<string, unknown> = copy;
    for (const part of parts.slice(0, -1)) {
      const next = at[part];
      at = (at[part] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    if (value === undefined) delete at[last];
    else at[last] = value;
  }
  return copy;
}

function headings(markdown: string): string[] {
  return Lexer.lex(markdown)
    .filter((token) => token.type === 'heading')
    .map((token) => ('text' in token ? token.text : ''));
}

/** The first exception to confidentiality, in the words for whom the practitioners safeguard (`safeguarding.for`). */
const firstConfidentialityException: Record<string, string> = {
  children: 'a. a child may be at risk of significant harm;',
  adults: 'a. an adult may be at risk of abuse or neglect;',
  both: 'a. a child may be at risk of significant harm, or an adult may be at risk of abuse or neglect;',
};

describe('built-in packs render their examples', () => {
  it.each(['one-to-one', 'group'])('%s matches the checked-in golden Markdown', async (name) => {
    const { pack, answers } = await validExample(name);
    const markdown = renderMarkdown(pack, answers);
    const goldenPath = join(goldenDir, `${name}.md`);
    // UPDATE_GOLDEN=1 rewrites the golden files after a deliberate wording change; review the diff.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, markdown);
    expect(markdown).toBe(readFileSync(goldenPath, 'utf8'));
  });

  it('ends the sentence naming who rebooks cancelled sessions with one full stop, whether or not the answer has its own', async () => {
    const { pack, answers } = await validExample('one-to-one');
    const withStop = renderMarkdown(pack, { ...answers, schedule: { ...(answers.schedule as object), rebookedBy: 'Priya Shah, the supervisor.' } });
    expect(withStop).toContain('The person responsible for this is: Priya Shah, the supervisor.\n');
    expect(renderMarkdown(pack, answers)).toContain('The person responsible for this is: Priya Shah (supervisor).\n');
  });

  it('drops the full stop an answer printed mid-sentence was typed with, but not an abbreviation\'s', async () => {
    const { pack, answers } = await validExample('one-to-one');
    const typed = (day: string, policy: string, lineManager: string): string =>
      renderMarkdown(pack, {
        ...answers,
        schedule: { ...(answers.schedule as object), day },
        recording: { ...(answers.recording as object), policy },
        contractedOut: true,
        lineManager: { name: lineManager, arrangement: 'A note after each session.' },
      });
    const stopped = typed('the first Tuesday of each month. ', 'the Northshire Recording Policy.', 'Jo Bloggs.');
    expect(stopped).toContain(', on the first Tuesday of each month, at ');
    expect(stopped).toContain('in line with the Northshire Recording Policy and the recording arrangements below.');
    expect(stopped).toContain('will link back to Jo Bloggs as follows:');
    const abbreviated = typed('Mondays, Tuesdays etc.', 'the Care Co. policy on the U.K.', 'Jo Bloggs Ltd.');
    expect(abbreviated).toContain(', on Mondays, Tuesdays etc., at ');
    expect(abbreviated).toContain('in line with the Care Co. policy on the U.K. and the recording');
    expect(abbreviated).toContain('will link back to Jo Bloggs Ltd. as follows:');
  });

  it('drops the full stop typed after a name, role, registering body, agency or group name where the agreement prints it mid-sentence', async () => {
    const oneToOne = await validExample('one-to-one', {
      agency: 'Northshire Council.',
      supervisor: { name: 'Priya Shah Jr.', role: 'Team Manager.', registration: { body: 'Social Work England.', number: 'SW104233' } },
      supervisee: { name: 'Tom Evans.', role: 'Social Worker.' },
      // Without a recording policy of its own, the 1:1 agreement names the agency's.
      recording: withAnswers(readExampleAnswers('one-to-one'), [['recording.policy', undefined]]).recording,
    });
    const rendered = renderMarkdownForPdf(oneToOne.pack, oneToOne.answers);
    expect(rendered.markdown).toContain(
      'This agreement is between Priya Shah Jr., Team Manager (Social Work England registration SW104233), the supervisor, and Tom Evans, Social Worker, the supervisee.',
    );
    expect(rendered.markdown).toContain('in line with the policy of Northshire Council and the recording arrangements below.');
    expect(rendered.markdown).toContain('Supervision records are the property of Northshire Council, and the agency');
    expect(rendered.markdown).toContain('**Supervisee:** Tom Evans, Social Worker\n');
    // The PDF draws its signature blocks from these, not from the Markdown.
    expect(rendered.signers.map(({ name, role }) => [name, role])).toEqual([['Priya Shah Jr.', 'Team Manager'], ['Tom Evans', 'Social Worker']]);
    expect(rendered.subject).toBe('Safeguarding supervision agreement between Priya Shah Jr. (supervisor) and Tom Evans (supervisee), Northshire Council.');

    const group = await validExample('group', { groupName: 'Discharge Team.', members: [{ name: 'Ana Silva', role: 'Nurse.' }, { name: 'Li Wei B.' }] });
    const groupRendered = renderMarkdownForPdf(group.pack, group.answers);
    expect(headings(groupRendered.markdown)[0]).toBe('Supervision Agreement / Contract: Discharge Team');
    expect(groupRendered.markdown).toContain('1. Ana Silva, Nurse\n2. Li Wei B.\n');
    expect(groupRendered.subject).toContain('(facilitator) and Discharge Team, Northshire');
  });

  it('says "on" once before the day of the sessions, whether or not the answer starts with it', async () => {
    for (const name of ['one-to-one', 'group']) {
      const pack = await loadBuiltInPack(name);
      const dayOf = (day: string): string => {
        const answers = validAnswers(pack.manifest, withAnswers(readExampleAnswers(name), [['schedule.day', day], ['schedule.frequency', 'weekly']]));
        return /^Supervision will take place weekly, (.*?), at \d\d:\d\d,/m.exec(renderMarkdownForPdf(pack, answers).markdown)?.[1] ?? '(missing)';
      };
      expect(dayOf('On Tuesdays'), name).toBe('on Tuesdays');
      expect(dayOf('on the first Tuesday of each month.'), name).toBe('on the first Tuesday of each month');
      expect(dayOf('Tuesdays'), name).toBe('on Tuesdays');
      expect(dayOf('Onslow Road clinic days'), name).toBe('on Onslow Road clinic days');
    }
  });

  it('names both parties of a group agreement in the PDF subject, with or without a group name', async () => {
    const { pack, answers } = await validExample('group');
    expect(renderMarkdownForPdf(pack, answers).subject).toBe(
      'Safeguarding group supervision agreement between Ade Okafor (facilitator) and Northshire Hospital Discharge Team, Northshire County Council Adult Social Care',
    );
    const unnamed: Answers = { ...answers };
    delete unnamed.groupName;
    expect(renderMarkdownForPdf(pack, unnamed).subject).toBe(
      'Safeguarding group supervision agreement between Ade Okafor (facilitator) and the members of the supervision group, Northshire County Council Adult Social Care',
    );
  });

  // The marker tells the PDF where its own signature blocks go; it means nothing to a reader of the Markdown file.
  it.each(['one-to-one', 'group'])('%s writes the same Markdown file alone or beside a PDF, without the PDF\'s signature marker', async (name) => {
    const { pack, answers } = await validExample(name);
    const laidOut: string[] = [];
    const options = { paper: 'a4', formFields: true, creationDate: new Date(0) } as const;
    const renderPdf: PdfFileRenderer = async ({ rendered }) => {
      laidOut.push(rendered.markdown);
      return new Uint8Array();
    };
    const [alone] = await renderAgreement(pack, answers, { ...options, formats: ['md'] });
    const beside = (await renderAgreement(pack, answers, { ...options, formats: ['pdf', 'md'], renderPdf })).find((file) => file.format === 'md');
    expect(alone?.content).toBe(readFileSync(join(goldenDir, `${name}.md`), 'utf8'));
    expect(beside?.content).toBe(alone?.content);
    expect(alone?.content).not.toContain('<!--');
    expect(laidOut).toHaveLength(1);
    expect(laidOut[0]).toMatch(/\n\n<!-- signatures -->\n\n/);
    expect(laidOut[0]?.replace('<!-- signatures -->\n\n', '')).toBe(alone?.content);
  });

  // The PDF's title (what a viewer's title bar and a screen reader announce, and
  // the running header) is the pack's title; it must be what the document calls
  // itself in its first heading, which a group may follow with its name.
  it.each([
    ['one-to-one', {}],
    ['group', {}],
    ['group', { groupName: null }],
  ])('%s announces the title its first heading gives (%j)', async (name, changes) => {
    const { pack, answers } = await validExample(name, changes);
    const { markdown, title } = renderMarkdownForPdf(pack, answers);
    const groupName = answers.groupName;
    expect(headings(markdown)[0]).toBe(typeof groupName === 'string' ? `${title}: ${groupName}` : title);
  });

  it('one-to-one has every section of its source document, plus the borrowed ones', async () => {
    const { pack, answers } = await validExample('one-to-one');
    const { markdown } = renderMarkdownForPdf(pack, answers);
    expect(headings(markdown)).toEqual([
      'Agreement for 1:1 Safeguarding Supervision',
      'The purpose of the session',
      'As a supervisee I agree to',
      'As a supervisor I agree to',
      'Confidentiality and accountability',
      'Frequency of meetings',
      'Location',
      'Recording',
      'Content of supervision',
      'Complaints and disagreements about supervision',
      'Expectations',
      'What the supervisee wants from the supervisor',
      'What the supervisor wants from the supervisee',
      'What each will contribute',
      'Link back to the line manager',
      'What supervision is not',
      'Review arrangements',
      'Signatures',
    ]);
  });

  it('group has every section of its source document and lists every member', async () => {
    const { pack, answers } = await validExample('group');
    const { markdown, signers } = renderMarkdownForPdf(pack, answers);
    expect(headings(markdown)).toEqual(
      expect.arrayContaining([
        'Length and frequency of supervision', 'Location', 'Recording', 'Content of supervision', 'Confidentiality',
        'Complaints and disagreements about supervision', 'Expectations', 'Link back to the line manager', 'What supervision is not',
        'Review arrangements', 'Ground rules of the group', 'Signatures',
      ]),
    );
    expect(markdown).toContain('1. Ana Silva, Occupational Therapist');
    expect(markdown).toContain('4. Siân Ŵyn, Social Worker');
    expect(signers.map((signer) => signer.id)).toEqual(['supervisor', 'member-1', 'member-2', 'member-3', 'member-4']);
    expect(signers[4]).toEqual({ id: 'member-4', title: 'Member 4', name: 'Siân Ŵyn', role: 'Social Worker', email: null });
  });

  it('keeps the confidentiality exceptions whatever the answers say: every yes/no either way, every choice, every optional answer left out', async () => {
    for (const name of ['one-to-one', 'group']) {
      const pack = await loadBuiltInPack(name);
      const example = readExampleAnswers(name);
      const variants: Record<string, unknown>[] = [{ ...example, notSupervision: 'anything at all' }];
      for (const field of pack.manifest.fields) {
        if (field.type === 'boolean') {
          // A yes asks for the answers that depend on it (a line manager when contracted out): given here.
          const dependants = pack.manifest.fields.filter((other) => other.when === field.key).map((other) => [other.key, `Answer to ${other.key}`] as const);
          variants.push(withAnswers(example, [[field.key, true], ...dependants]), withAnswers(example, [[field.key, false]]));
        }
        if (field.type === 'choice') for (const choice of field.choices) variants.push(withAnswers(example, [[field.key, choice.value]]));
        if (!field.required) variants.push(withAnswers(example, [[field.key, undefined]]));
      }
      expect(variants.length).toBeGreaterThan(10);
      for (const variant of variants) {
        const { markdown } = renderMarkdownForPdf(pack, validAnswers(pack.manifest, variant));
        // Only whom the first exception names follows an answer: the people the practitioners safeguard.
        const safeguards = (variant.safeguarding as { for?: string } | undefined)?.for ?? 'children';
        expect(markdown).toContain(firstConfidentialityException[safeguards]);
        expect(markdown).toContain('b. there is unsafe practice placing people at risk;');
        expect(markdown).toContain('c. there is illegal activity.');
      }
    }
  });
});

describe('rendering rules', () => {
  it('prints dates in UK long form and the computed review date', async () => {
    const { pack, answers } = await validExample('one-to-one');
    const { markdown } = renderMarkdownForPdf(pack, answers);
    expect(markdown).toContain('starts on 1 December 2026');
    expect(markdown).toContain('The first review will be on 1 June 2027.');
  });

  it('drops optional sections cleanly when unanswered', async () => {
    const { pack, answers } = await validExample('group', { reflectiveModel: null, groupName: null, contractedOut: false, groundRules: [] });
    const { markdown } = renderMarkdownForPdf(pack, answers);
    expect(headings(markdown)).not.toContain('Model of reflection');
    expect(markdown).not.toContain('will link back to');
    expect(markdown).toContain('Supervision is not “contracted out”');
    expect(headings(markdown)).not.toContain('Ground rules of the group');
    expect(headings(markdown)[0]).toBe('Supervision Agreement / Contract');
    expect(markdown).not.toMatch(/undefined|null|\[object/);
    expect(markdown).not.toMatch(/\n{3,}/);
  });

  it('reads "what supervision is not" as a sentence whether or not the answer starts with a capital or ends with a full stop', async () => {
    for (const [answer, printed] of [
      ['Therapy or a performance review', 'Supervision is not: Therapy or a performance review.'],
      ['counselling for the worker in relation to private issues.', 'Supervision is not: counselling for the worker in relation to private issues.'],
      ['a "performance review"?', 'Supervision is not: a "performance review"?'],
      ['time off (it is not leave).', 'Supervision is not: time off (it is not leave).'],
      ['an appraisal (see the policy)', 'Supervision is not: an appraisal (see the policy).'],
    ] as const) {
      for (const name of ['one-to-one', 'group']) {
        const { pack, answers } = await validExample(name, { notSupervision: answer });
        const lines = renderMarkdownForPdf(pack, answers).markdown.split('\n');
        expect(lines, `${name}: ${answer}`).toContain(printed);
      }
    }
  });

  it('says who brings agenda items in the words of each agreement: "both" for two people, the supervisor and the members for a group', async () => {
    const oneToOne = await validExample('one-to-one');
    expect(renderMarkdownForPdf(oneToOne.pack, oneToOne.answers).markdown).toContain(
      'Both will bring their agenda items to the session and agree at the start how these will be prioritised.',
    );
    const group = await validExample('group');
    const markdown = renderMarkdownForPdf(group.pack, group.answers).markdown;
    expect(markdown).toContain(
      'The supervisor and the members will each bring their agenda items to the session and agree at the start how these will be prioritised.',
    );
    expect(markdown).not.toMatch(/\bBoth\b/);
  });

  it('prints the line manager arrangement only when supervision is contracted out', async () => {
    const on = await validExample('one-to-one', { contractedOut: true, lineManager: { name: 'Jordan Blake', arrangement: 'A note after each session.' } });
    expect(renderMarkdownForPdf(on.pack, on.answers).markdown).toContain(
      'To keep the supervisee’s line manager aware of issues and of concerns about practice or performance, supervision will link back to Jordan Blake as follows:',
    );
    const off = await validExample('one-to-one', { contractedOut: false, lineManager: { name: 'Jordan Blake', arrangement: 'x' } });
    expect(renderMarkdownForPdf(off.pack, off.answers).markdown).not.toContain('Jordan Blake');
  });

  it('names the model of reflection in the 1:1 purpose once, whichever is chosen: "a model agreed between us" is not put in brackets after "a model of reflection"', async () => {
    const pack = await loadBuiltInPack('one-to-one');
    const field = pack.manifest.fields.find((candidate) => candidate.key === 'reflectiveModel');
    if (field?.type !== 'choice') throw new Error('one-to-one has no reflectiveModel choice');
    const purposes = new Map<string, string>();
    for (const choice of [...field.choices.map((each) => each.value), undefined]) {
      const { markdown } = renderMarkdownForPdf(pack, validAnswers(pack.manifest, withAnswers(readExampleAnswers('one-to-one'), [['reflectiveModel', choice]])));
      const purpose = /^- discuss safeguarding cases and, (by using .*?), enable practitioners/m.exec(markdown)?.[1];
      purposes.set(String(choice), purpose ?? '(missing)');
    }
    expect(Object.fromEntries(purposes)).toEqual({
      'morrison-4x4x4': 'by using a model of reflection (Morrison’s 4x4x4 model)',
      kolb: 'by using a model of reflection (Kolb’s experiential learning cycle)',
      'a-equip': 'by using a model of reflection (the A-EQUIP model)',
      'signs-of-safety': 'by using a model of reflection (the Signs of Safety framework)',
      other: 'by using a model of reflection agreed between us',
      undefined: 'by using a model of reflection',
    });
  });

  // The group pack asks for "the members' line manager" and, when members have different ones, for each with
  // their members: the clause must read for one name and for several, never "the line manager, A and B, aware".
  it('names the group\'s line manager, or several line managers, without calling them one person', async () => {
    for (const [lineManager, printed] of [
      ['Jordan Blake', 'Jordan Blake'],
      ['Ann Lee (for Tom and Sam) and Raj Patel (for Jo).', 'Ann Lee (for Tom and Sam) and Raj Patel (for Jo)'],
    ] as const) {
      const { pack, answers } = await validExample('group', { contractedOut: true, lineManager: { name: lineManager, arrangement: 'A note after each session.' } });
      const markdown = renderMarkdownForPdf(pack, answers).markdown;
      expect(markdown).toContain(
        `To keep each member’s line manager aware of issues and of concerns about practice or performance, supervision will link back to ${printed} as follows:`,
      );
      expect(markdown).not.toContain(`the line manager, ${printed}`);
    }
  });

  it('prints Markdown-like and Handlebars-like answers literally without changing the structure', async () => {
    const plain = await validExample('one-to-one');
    const hostile = await validExample('one-to-one', {
      supervisee: { name: '*Jo* [x](y) # z', role: '{{agency}} <b>' },
      recording: { recordedBy: '- item', method: 'one\n\n## Heading\n\n- list', storedIn: '| a | b |' },
    });
    const plainTokens = Lexer.lex(renderMarkdownForPdf(plain.pack, plain.answers).markdown).map((token) => token.type);
    const hostileMarkdown = renderMarkdownForPdf(hostile.pack, hostile.answers).markdown;
    expect(Lexer.lex(hostileMarkdown).map((token) => token.type)).toEqual(plainTokens);
    expect(hostileMarkdown).toContain('\\*Jo\\* \\[x\\](y) # z');
    expect(hostileMarkdown).toContain('{{agency}} \\<b\\>');
    expect(hostileMarkdown).not.toContain('Northshire County Council Children\'s Services <b>');
  });

  it('treats a name a template uses but the pack does not declare as an error', async () => {
    const pack = await loadBuiltInPack('one-to-one');
    const broken: Pack = { ...pack, entry: { ...pack.entry, source: `{{supervisee.nickname}}\n${pack.entry.source}` } };
    const { answers } = await validExample('one-to-one');
    // As `check` words it: the whole name, at its file, line and column (Handlebars itself says only "nickname", and no file).
    let failure: unknown;
    try {
      renderMarkdown(broken, answers);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ValidationError);
    const [problem, ...rest] = (failure as ValidationError).problems;
    expect(rest).toEqual([]);
    expect(problem?.message).toBe(
      '"supervisee.nickname": "supervisee" is a person (name, role, email, registration), which has no "nickname" (did you mean "supervisee.name"?)',
    );
    expect(problem?.location).toEqual({ file: pack.entry.path, line: 1, column: 3 });
  });

  it('refuses a custom pack with any error check finds in its templates, not only an undeclared name, under a heading that says so', () => {
    const pack = tinyPack('{{lead}}\n', {});
    expect(() => compilePacks([pack], undefined, { checkNames: true })).toThrow('The template "tiny" has errors in its templates: 1 problem');
  });

  it('gives no signature block to an optional signer left out: a list not given, or a person whose condition is no', () => {
    const manifest = packManifestSchema.parse({
      name: 'tiny', title: 'Tiny', version: '1.0.0', description: 'd', fileNameFrom: ['lead.name'], subject: 'S',
      fields: [
        { key: 'lead', type: 'person', label: 'Lead' },
        { key: 'observers', type: 'persons', label: 'Observers', required: false },
        { key: 'witnessed', type: 'boolean', label: 'Witnessed?' },
        { key: 'witness', type: 'person', label: 'Witness', when: 'witnessed' },
      ],
      signers: [{ field: 'lead', title: 'Lead' }, { field: 'observers', title: 'Observer' }, { field: 'witness', title: 'Witness' }],
    });
    const pack: Pack = { ...tinyPack('', {}), manifest, entry: { path: '/virtual/tiny/agreement.md.hbs', source: '{{#each signers}}{{title}}: {{name}}\n{{/each}}' } };
    const signersOf = (answers: Record<string, unknown>): string =>
      renderMarkdownForPdf(pack, validAnswers(manifest, answers)).signers.map((signer) => `${signer.title}: ${signer.name}`).join('; ');
    expect(signersOf({ lead: { name: 'Ana' }, witnessed: false })).toBe('Lead: Ana');
    expect(signersOf({ lead: { name: 'Ana' }, witnessed: true, witness: { name: 'Wes' }, observers: [{ name: 'Li' }] })).toBe('Lead: Ana; Observer 1: Li; Witness: Wes');
    expect(renderMarkdown(pack, validAnswers(manifest, { lead: { name: 'Ana' }, witnessed: false }))).toBe('Lead: Ana\n');
  });

  it('points at "the lines shown" when there are several problems, and at "the line" for one', () => {
    const hintFor = (source: string): string | undefined => {
      try {
        compilePacks([tinyPack(source, {})], undefined, { checkNames: true });
      } catch (error) {
        return (error as ValidationError).hint;
      }
      return undefined;
    };
    expect(hintFor('{{lead}}\n')).toMatch(/^Nothing was rendered\. Fix the problem at the line shown, then run /);
    expect(hintFor('{{lead}} {{chair}}\n')).toMatch(/^Nothing was rendered\. Fix the problems at the lines shown, then run /);
  });

  it('says where a template reaches an item by position that the answers\' list does not have, rather than "name is not a field"', () => {
    const manifest = packManifestSchema.parse({
      name: 'tiny', title: 'Tiny', version: '1.0.0', description: 'd', fileNameFrom: ['lead.name'], subject: 'S',
      fields: [{ key: 'lead', type: 'person', label: 'Lead' }, { key: 'observers', type: 'persons', label: 'Observers', required: false }],
      signers: [{ field: 'lead', title: 'Lead' }],
    });
    const pack: Pack = { ...tinyPack('', {}), manifest, entry: { path: '/virtual/tiny/agreement.md.hbs', source: 'First observer: {{observers.[0].name}}\n' } };
    expect(renderMarkdown(pack, { lead: { name: 'Ana' }, observers: [{ name: 'Li Wei' }] })).toBe('First observer: Li Wei\n');
    let failure: unknown;
    try {
      renderMarkdown(pack, { lead: { name: 'Ana' }, observers: [] });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).message).toBe('The template "tiny" failed to render: 1 problem');
    expect((failure as ValidationError).problems).toEqual([
      expect.objectContaining({
        location: { file: '/virtual/tiny/agreement.md.hbs', line: 1, column: 19 },
        message: expect.stringMatching(/^"observers\.\[0\]" is item 1 of "observers", which may have no items, and then rendering stops here/),
      }),
    ]);
  });

  it('says where a template prints an item of a list by position that the answers\' list does not have, rather than "0 is not a field"', () => {
    const manifest = packManifestSchema.parse({
      name: 'tiny', title: 'Tiny', version: '1.0.0', description: 'd', fileNameFrom: ['lead.name'], subject: 'S',
      fields: [{ key: 'lead', type: 'person', label: 'Lead' }, { key: 'rules', type: 'textlist', label: 'Rules', required: false }],
      signers: [{ field: 'lead', title: 'Lead' }],
    });
    const pack: Pack = { ...tinyPack('', {}), manifest, entry: { path: '/virtual/tiny/agreement.md.hbs', source: 'First rule: {{rules.[0]}}\n' } };
    expect(renderMarkdown(pack, { lead: { name: 'Ana' }, rules: ['Be kind'] })).toBe('First rule: Be kind\n');
    let failure: unknown;
    try {
      renderMarkdown(pack, { lead: { name: 'Ana' } });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).problems).toEqual([
      expect.objectContaining({
        location: { file: '/virtual/tiny/agreement.md.hbs', line: 1, column: 15 },
        message: expect.stringMatching(/^"rules\.\[0\]" is item 1 of "rules", which may have no items, and then rendering stops here/),
      }),
    ]);
  });

  it('registers helpers once on an isolated environment, not the global one', async () => {
    const Handlebars = (await import('handlebars')).default;
    expect(Handlebars.helpers.minutes).toBeUndefined();
  });

  it('never writes to the console from a template: stdout is the data channel of --json', () => {
    const logged = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      expect(() => renderMarkdown(tinyPack('{{log "debug" lead.name}}{{lead.name}}\n', {}), { lead: { name: 'Ana' } })).toThrow(ValidationError);
      expect(logged).not.toHaveBeenCalled();
      expect(info).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      info.mockRestore();
    }
  });

  it('renders a minimal custom pack with partials overridden per pack', () => {
    const pack = tinyPack('# {{template.title}}\n\n{{> hello}}\n', { hello: 'Hello {{lead.name}}.' });
    const result = renderMarkdownForPdf(pack, { lead: { name: 'Ana' } });
    expect(result.markdown).toBe('# Tiny\n\nHello Ana.\n');
    expect(result.subject).toBe('S Ana');
  });
});

/**
 * Packs are edited by hand, often on Windows or in an editor that ends every
 * file with a line break. Neither may change the agreement.
 */
describe('packs as editors save them', () => {
  /** Copies the built-in packs, changes every Handlebars and YAML file with `edit`, and renders each example. */
  async function renderEdited(edit: (path: string, text: string) => string | Buffer): Promise<Map<string, string>> {
    const dir = mkdtempSync(join(tmpdir(), 'supervise-edited-'));
    try {
      cpSync(builtInTemplatesDir, dir, { recursive: true });
      const visit = (folder: string): void => {
        for (const name of readdirSync(folder)) {
          const path = join(folder, name);
          if (statSync(path).isDirectory()) visit(path);
          else if (/\.(hbs|yaml)$/.test(name)) writeFileSync(path, edit(path, readFileSync(path, 'utf8')));
        }
      };
      visit(dir);
      const { packs, problems } = await loadTemplatesDirectory(dir);
      expect(problems).toEqual([]);
      const rendered = new Map<string, string>();
      for (const name of ['one-to-one', 'group']) {
        const pack = packs.find((candidate) => candidate.manifest.name === name)!;
        const result = validateAnswers(pack.manifest, readExampleAnswers(name));
        if (!result.ok) throw new Error(JSON.stringify(result.problems));
        rendered.set(name, renderMarkdown(pack, result.answers));
      }
      return rendered;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const golden = (name: string): string => readFileSync(join(goldenDir, `${name}.md`), 'utf8');

  it('renders a pack saved with Windows line ends (CRLF) and byte-order marks exactly as the original', async () => {
    const rendered = await renderEdited((_path, text) => `\uFEFF${text.replaceAll('\n', '\r\n')}`);
    expect(rendered.get('one-to-one')).toBe(golden('one-to-one'));
    expect(rendered.get('group')).toBe(golden('group'));
  });

  it('renders a pack saved with old Mac line ends (CR), template.yaml too, exactly as the original', async () => {
    const rendered = await renderEdited((_path, text) => text.replaceAll('\n', '\r'));
    expect(rendered.get('one-to-one')).toBe(golden('one-to-one'));
    expect(rendered.get('group')).toBe(golden('group'));
  });

  it('renders a pack saved as Windows Notepad\'s "Unicode" (UTF-16 with its byte-order mark, either byte order) exactly as the original', async () => {
    for (const encode of [(text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le'), (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le').swap16()]) {
      const rendered = await renderEdited((_path, text) => encode(text.replaceAll('\n', '\r\n')));
      expect(rendered.get('one-to-one')).toBe(golden('one-to-one'));
      expect(rendered.get('group')).toBe(golden('group'));
    }
  });

  it('names, at its line and column, the first byte of a pack file in a legacy encoding (Windows-1252), rather than printing "�"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supervise-legacy-'));
    try {
      cpSync(builtInTemplatesDir, dir, { recursive: true });
      const partial = join(dir, 'partials', 'location.md.hbs');
      writeFileSync(partial, Buffer.concat([readFileSync(partial), Buffer.from('\nThe caf\xe9 is never used.\n', 'latin1')]));
      const lines = readFileSync(partial, 'latin1').split('\n').length;
      const { problems } = await loadTemplatesDirectory(dir);
      expect(problems).toEqual([
        {
          path: '',
          location: { file: partial, line: lines - 1, column: 8 },
          message: 'byte 0xE9 is not UTF-8: save it as UTF-8 (it may be in a legacy encoding such as Windows-1252)',
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ignores the final line break an editor adds to a partial used inside a sentence', async () => {
    // partials/person.md.hbs is used as `between {{> person supervisor}}, the supervisor`.
    const rendered = await renderEdited((path, text) => (path.endsWith('person.md.hbs') ? `${text}\n` : text));
    expect(rendered.get('one-to-one')).toBe(golden('one-to-one'));
    expect(rendered.get('one-to-one')).toContain('registration SW104233), the supervisor, and Tom Evans');
    expect(rendered.get('group')).toBe(golden('group'));
  });

  it('ignores blank lines and spaces after the last word of a partial used inside a sentence', async () => {
    const rendered = await renderEdited((path, text) => (path.endsWith('person.md.hbs') ? `${text}\n\n  \n` : text));
    expect(rendered.get('one-to-one')).toBe(golden('one-to-one'));
    expect(rendered.get('group')).toBe(golden('group'));
  });

  it('keeps the final line break of a partial used on a line of its own, which ends its paragraph', () => {
    const pack = tinyPack('By {{> name}}.\n\n{{> clause}}\nAfter.\n', { name: '{{lead.name}}\n', clause: 'A clause.\n' });
    expect(renderMarkdown(pack, { lead: { name: 'Ana' } })).toBe('By Ana.\n\nA clause.\nAfter.\n');
  });
});
