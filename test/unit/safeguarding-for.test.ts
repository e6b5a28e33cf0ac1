import { describe, expect, it } from 'vitest';
import type { Pack } from '../../src/packs/pack-format.js';
import { validateAnswers, type Answers } from '../../src/packs/validate-answers.js';
import { renderAgreement } from '../../src/render/render-agreement.js';
import { renderMarkdownForPdf } from '../../src/render/render-markdown.js';
import { inspectPdf } from '../support/inspect-pdf.js';
import { loadBuiltInPack, readExampleAnswers } from '../support/packs.js';

/*
 * `safeguarding.for` says whom the practitioners' work safeguards. The sources
 * speak of children; a team working with adults at risk must not sign limits of
 * confidentiality, or a purpose, that name only children.
 */

type Safeguards = 'children' | 'adults' | 'both';

/** Every sentence of the packs that names whom the work safeguards, for each answer. */
const sentences: Record<Safeguards, { both: string[]; group: string[]; oneToOne: string[] }> = {
  children: {
    both: [
      'Safeguarding supervision should be child focused and should result in clear agreement about who will now do what in relation to the child, to safeguard and promote their welfare.',
      'a. a child may be at risk of significant harm;',
      'in the view of the supervisor this may place a child at risk of harm.',
    ],
    group: ['share and develop practice in the best interests of children, and disagreements'],
    // The 1:1 source itself names both ("the child/adult at risk and family"): kept as it is.
    oneToOne: ['in order to achieve the best outcomes for the child or adult at risk and their family;'],
  },
  adults: {
    both: [
      'Safeguarding supervision should be focused on the adult at risk and should result in clear agreement about who will now do what in relation to the adult, to safeguard and promote their welfare.',
      'a. an adult may be at risk of abuse or neglect;',
      'in the view of the supervisor this may place an adult at risk of harm.',
    ],
    group: ['share and develop practice in the best interests of adults at risk, and disagreements'],
    oneToOne: ['in order to achieve the best outcomes for the adult at risk and their family;'],
  },
  both: {
    both: [
      'Safeguarding supervision should be focused on the child or adult at risk and should result in clear agreement about who will now do what in relation to them, to safeguard and promote their welfare.',
      'a. a child may be at risk of significant harm, or an adult may be at risk of abuse or neglect;',
      'in the view of the supervisor this may place a child or an adult at risk of harm.',
    ],
    group: ['share and develop practice in the best interests of children and adults at risk, and disagreements'],
    oneToOne: ['in order to achieve the best outcomes for the child or adult at risk and their family;'],
  },
};

const packNames = ['one-to-one', 'group'] as const;
const choices: readonly Safeguards[] = ['children', 'adults', 'both'];

function expectedSentences(name: (typeof packNames)[number], choice: Safeguards): string[] {
  const { both, group, oneToOne } = sentences[choice];
  return [...both, ...(name === 'group' ? group : oneToOne)];
}

/** The pack's example as an adults' team would answer it: its own answers name no child (the 1:1 example is a children's team). */
function adultsTeamAnswers(name: string, safeguards: Safeguards | undefined): Record<string, unknown> {
  const example = readExampleAnswers(name);
  const answers: Record<string, unknown> = {
    ...example,
    agency: 'Northshire County Council Adult Social Care',
    recording: { ...(example.recording as Record<string, unknown>), method: 'The supervisor writes the record during the session.' },
  };
  delete answers.safeguarding;
  if (safeguards !== undefined) answers.safeguarding = { for: safeguards };
  return answers;
}

function valid(pack: Pack, answers: Record<string, unknown>): Answers {
  const result = validateAnswers(pack.manifest, answers);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.answers;
}

/** Joins the lines a paragraph is wrapped onto, as a reader's "copy text" gives it. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

describe('safeguarding.for: whom the agreement names as safeguarded', () => {
  for (const name of packNames) {
    for (const choice of choices) {
      it(`${name}, ${choice}: the Markdown names them in every safeguarding sentence`, async () => {
        const pack = await loadBuiltInPack(name);
        const { markdown } = renderMarkdownForPdf(pack, valid(pack, adultsTeamAnswers(name, choice)));
        for (const sentence of expectedSentences(name, choice)) expect(oneLine(markdown)).toContain(sentence);
        if (choice === 'adults') expect(markdown).not.toMatch(/child/i);
        if (choice !== 'children') expect(markdown).toMatch(/adults? at risk/);
      });
    }

    it(`${name}: an answers file without it reads exactly as one that says children`, async () => {
      const pack = await loadBuiltInPack(name);
      const left = renderMarkdownForPdf(pack, valid(pack, adultsTeamAnswers(name, undefined))).markdown;
      const children = renderMarkdownForPdf(pack, valid(pack, adultsTeamAnswers(name, 'children'))).markdown;
      expect(left).toBe(children);
      for (const sentence of expectedSentences(name, 'children')) expect(oneLine(left)).toContain(sentence);
    });

    it.each(['adults', 'both'] as const)(`${name}, %s: the PDF text names them, and for adults no child`, async (choice) => {
      const pack = await loadBuiltInPack(name);
      const [file] = await renderAgreement(pack, valid(pack, adultsTeamAnswers(name, choice)), { formats: ['pdf'], paper: 'a4', formFields: false, creationDate: new Date(0) });
      const pdf = await inspectPdf(file!.content as Uint8Array);
      const text = oneLine(pdf.pages.map((page) => page.text).join(' '));
      for (const sentence of expectedSentences(name, choice)) expect(text).toContain(sentence);
      if (choice === 'adults') expect(text).not.toMatch(/child/i);
    });
  }
});

describe('the bundled group example, an adults\' team (Northshire County Council Adult Social Care)', () => {
  it('says it safeguards adults at risk, so its agreement names no child', async () => {
    const pack = await loadBuiltInPack('group');
    const example = readExampleAnswers('group');
    expect(example.agency).toBe('Northshire County Council Adult Social Care');
    expect(example.safeguarding).toEqual({ for: 'adults' });
    const { markdown } = renderMarkdownForPdf(pack, valid(pack, example));
    expect(markdown).toContain('a. an adult may be at risk of abuse or neglect;');
    expect(markdown).not.toMatch(/child/i);
  });
});
