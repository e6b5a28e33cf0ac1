import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../../src/packs/validate-answers.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { renderMarkdownForPdf } from '../../../src/render/render-markdown.js';
import { inspectPdf } from '../../support/inspect-pdf.js';
import { groupOptions, oneToOneOptions } from './fixtures.js';
import { loadBuiltInPack, readExampleAnswers } from '../../support/packs.js';

/** The reviewer's filler: plain words, so every extra word moves the end of the agreement a little further down. */
const FILLER = 'If the room is unavailable the session moves to a private video call at the same time and the supervisor tells everyone by email before nine in the morning'.split(' ');

function filler(words: number): string {
  return `${Array.from({ length: words }, (_, index) => FILLER[index % FILLER.length]).join(' ')}.`;
}

async function renderBuiltIn(name: string, paper: 'a4' | 'letter', method: string): Promise<Uint8Array> {
  const pack = await loadBuiltInPack(name);
  const example = readExampleAnswers(name);
  const result = validateAnswers(pack.manifest, { ...example, recording: { ...(example.recording as object), method } });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const rendered = renderMarkdownForPdf(pack, result.answers);
  return renderPdf(rendered.markdown, {
    title: rendered.title,
    documentTitle: rendered.documentTitle,
    agency: rendered.agency,
    subject: rendered.subject,
    keywords: [],
    signers: rendered.signers.map((signer) => ({ ...signer, role: signer.role ?? undefined, email: signer.email ?? undefined })),
    paper,
    formFields: false,
    creationDate: new Date('2026-12-01T09:30:00Z'),
  });
}

describe('the signatures heading and its sentence', () => {
  // A line holds about a dozen of these words and a signature block is about
  // six lines high, so steps of a line cross every place where the heading
  // and its sentence would fit at the foot of a page but the first block
  // would not, over more than a page of growth.
  for (const [name, paper, firstBlock] of [
    ['one-to-one', 'letter', 'Supervisor Priya Shah, Team Manager, priya.shah@northshire.example.org Signature'],
    ['group', 'a4', 'Supervisor (facilitator) Ade Okafor'],
  ] as const) {
    it(`stay on the page of the first signature block (${name}, ${paper}), whatever the length of an answer`, async () => {
      const pageCounts = new Set<number>();
      for (let words = 1; words <= 560; words += 12) {
        const pages = (await inspectPdf(await renderBuiltIn(name, paper, filler(words)))).pages.map((page) => page.text);
        const blockPage = pages.findIndex((text) => text.includes(firstBlock));
        expect(blockPage, `${words} words: no page holds the first signature block`).toBeGreaterThanOrEqual(0);
        expect(pages[blockPage], `${words} words: page ${blockPage + 1} has the first block without "By signing"`).toContain(
          'Signatures By signing, each of us agrees to the arrangements above.',
        );
        pageCounts.add(pages.length);
      }
      // The sweep really did push the signatures over the end of a page.
      expect(pageCounts.size).toBeGreaterThan(1);
    });
  }
});

describe('the signature blocks, when all of them fit on a page', () => {
  // As above, the sweep moves the end of the agreement down a line at a time over more than a page.
  for (const [name, paper, blocks] of [
    ['one-to-one', 'a4', ['Supervisor Priya Shah', 'Supervisee Tom Evans']],
    ['one-to-one', 'letter', ['Supervisor Priya Shah', 'Supervisee Tom Evans']],
    ['group', 'a4', ['Supervisor (facilitator) Ade Okafor', 'Member 1 Ana Silva', 'Member 4 Siân Ŵyn']],
  ] as const) {
    it(`are signed on one page, under the signatures heading and its sentence (${name}, ${paper}), whatever the length of an answer`, async () => {
      const pageCounts = new Set<number>();
      for (let words = 1; words <= 560; words += 24) {
        const pages = (await inspectPdf(await renderBuiltIn(name, paper, filler(words)))).pages.map((page) => page.text);
        const signingPage = pages.findIndex((text) => text.includes('By signing, each of us agrees'));
        for (const block of blocks) {
          // A signer is never left to sign a page of their own, away from the others and from what they agree to.
          expect(pages.findIndex((text) => text.includes(block)), `${words} words: "${block}"`).toBe(signingPage);
        }
        pageCounts.add(pages.length);
      }
      expect(pageCounts.size).toBeGreaterThan(1);
    });
  }
});

describe('the signature blocks of a document without its own signatures heading', () => {
  it('go with the heading drawn for them, all on one page when they fit on one', async () => {
    const pageCounts = new Set<number>();
    for (let lead = 20; lead <= 64; lead += 2) {
      const markdown = Array.from({ length: lead }, (_, index) => `Lead ${index + 1}`).join('  \n');
      const pages = (await inspectPdf(await renderPdf(`${markdown}\n`, oneToOneOptions({ formFields: false })))).pages.map((page) => page.text);
      const headingPage = pages.findIndex((text) => text.includes('Signatures Supervisor Siân Ŵyn'));
      expect(headingPage, `${lead} lines before`).toBeGreaterThanOrEqual(0);
      expect(pages.findIndex((text) => text.includes('Supervisee Łukasz Żółć')), `${lead} lines before`).toBe(headingPage);
      pageCounts.add(pages.length);
    }
    expect(pageCounts.size).toBeGreaterThan(1);
  });
});

describe('the last signature block of a group too large for one page', () => {
  it('never opens the last page alone: the block before it goes over with it', async () => {
    const alone: string[] = [];
    let sweeps = 0;
    for (const paper of ['a4', 'letter'] as const) {
      for (let members = 6; members <= 30; members++) {
        const signers = Array.from({ length: members }, (_, index) => ({ id: `member-${index + 1}`, title: `Member ${index + 1}`, name: `Person ${index + 1}` }));
        const pdf = await inspectPdf(await renderPdf('Lead paragraph.\n', groupOptions({ signers, paper, formFields: false })));
        const blocksOn = pdf.pages.map((page) => page.text.split('Signature Date').length - 1);
        if (blocksOn.at(-1) === 1 && blocksOn.length > 1) alone.push(`${members} members on ${paper}: blocks per page ${blocksOn.join(' + ')}`);
        sweeps += 1;
      }
    }
    expect(sweeps).toBe(50);
    expect(alone).toEqual([]);
  });
});
