import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SuperviseError } from '../../../src/errors.js';
import { findUndrawableCharacters, renderPdf } from '../../../src/render/pdf/index.js';
import { escapeMarkdownBlock } from '../../../src/render/escape-markdown.js';
import { fitOnOneLine } from '../../../src/render/pdf/layout.js';
import { findObjects, inflateStreams, inspectPdf, signatureLocks, taggedTexts, unreferencedObjects, type InspectedPdf, type OutlineItem } from '../../support/inspect-pdf.js';
import { GROUP_MEMBERS, groupOptions, oneToOneOptions, readFixture } from './fixtures.js';

const UNICODE_NAMES = ['Siân Ŵyn', 'Łukasz Żółć', 'Nguyễn Thị Ánh', 'Ζωή Παπαδοπούλου', 'Анна Кузнецова'];

const oneToOneMarkdown = readFixture('one-to-one.md');
const groupMarkdown = readFixture('group.md');

function allText(pdf: InspectedPdf): string {
  return pdf.pages.map((page) => page.text).join(' ');
}

function headingsOf(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => /^#{1,3} /.test(line))
    .map((line) => line.replace(/^#+ /, ''));
}

/** The bookmarks as "title" lines, indented two spaces a level. */
function outlineLines(items: readonly OutlineItem[], depth = 0): string[] {
  return items.flatMap((item) => [`${'  '.repeat(depth)}${item.title}`, ...outlineLines(item.items, depth + 1)]);
}

function allBookmarks(items: readonly OutlineItem[]): OutlineItem[] {
  return items.flatMap((item) => [item, ...allBookmarks(item.items)]);
}

/**
 * That a bookmark goes to the page of the heading it names, with the view's top a little above
 * the heading's first line: above its baseline by less than the line's height and a margin.
 */
function expectBookmarkAtHeading(pdf: InspectedPdf, bookmark: OutlineItem, heading: string): void {
  const page = pdf.pages[bookmark.pageIndex];
  const line = page?.textItems.find((item) => item.text.trim().length > 3 && heading.startsWith(item.text.trim()));
  expect(line, `the first line of "${heading}" on page ${bookmark.pageIndex + 1}`).toBeDefined();
  const above = bookmark.top - line!.baseline;
  expect(above, heading).toBeGreaterThan(0);
  expect(above, heading).toBeLessThan(40);
}

/** Index of the page holding the widget of `fieldName`, or -1. */
function pageOfField(pdf: InspectedPdf, fieldName: string): number {
  return pdf.pages.findIndex((page) => page.annotations.some((a) => a.fieldName === fieldName));
}

/**
 * The exceptions to confidentiality as the packs write them (one paragraph
 * each, lettered as the source documents letter them): the fixtures stand
 * for what the packs render, so the PDF is tested on the lettered list.
 */
function expectLetteredExceptions(bytes: Uint8Array, text: string): void {
  expect(text).toContain('a. a child may be at risk of significant harm; b. there is unsafe practice placing people at risk; c. there is illegal activity.');
  const tagged = taggedTexts(bytes);
  for (const [label, body] of [
    ['a.', 'a child may be at risk of significant harm;'],
    ['b.', 'there is unsafe practice placing people at risk;'],
    ['c.', 'there is illegal activity.'],
  ] as const) {
    // Each letter is its item's label (Lbl), its text the item's body: a screen reader reads them as a list.
    expect(tagged[tagged.indexOf(body) - 1], body).toBe(label);
  }
}

describe('renderPdf: the 1:1 agreement', async () => {
  const bytes = await renderPdf(oneToOneMarkdown, oneToOneOptions());
  const pdf = await inspectPdf(bytes);
  const text = allText(pdf);

  it('letters the exceptions to confidentiality as the pack does, as a list', () => {
    expectLetteredExceptions(bytes, text);
  });

  it('prints every heading and the Unicode names, and gives them back as text', () => {
    for (const heading of headingsOf(oneToOneMarkdown)) expect(text).toContain(heading);
    for (const name of UNICODE_NAMES) expect(text).toContain(name);
    expect(text).toContain('Children’s Services');
    expect(text).toContain('“quoted” ‘text’ – dash');
  });

  it('prints escaped Markdown literally and keeps inline styles as words', () => {
    expect(text).toContain('*Jo* [x](y) # z & “quoted”');
    expect(text).not.toContain('\\*');
    expect(text).not.toContain('**');
    expect(text).toMatch(/at 14:00, and will last for 90 minutes\./);
  });

  it('replaces the plain-text signature section with signature blocks', () => {
    expect(text).not.toContain('____');
    expect(text).not.toContain('Supervisor:');
    const last = pdf.pages[pdf.pages.length - 1];
    expect(last?.text).toContain('Siân Ŵyn, Team Manager');
    expect(last?.text).toContain('Łukasz Żółć, Senior Social Worker');
  });

  it('has an unsigned signature field and a date field per signer, on the page of the block', () => {
    expect(pdf.fieldNames).toEqual(['date.supervisee', 'date.supervisor', 'signature.supervisee', 'signature.supervisor']);
    for (const [id, name] of [
      ['supervisor', 'Siân Ŵyn'],
      ['supervisee', 'Łukasz Żółć'],
    ] as const) {
      const page = pageOfField(pdf, `signature.${id}`);
      expect(page).toBeGreaterThanOrEqual(0);
      expect(pageOfField(pdf, `date.${id}`)).toBe(page);
      expect(pdf.pages[page]?.text).toContain(name);
      const signature = pdf.pages[page]?.annotations.find((a) => a.fieldName === `signature.${id}`);
      expect(signature?.fieldType).toBe('Sig');
      expect(signature?.alternativeText).toBe(`Signature of ${name}`);
      const date = pdf.pages[page]?.annotations.find((a) => a.fieldName === `date.${id}`);
      expect(date?.fieldType).toBe('Tx');
      // The tooltip says how to write the date, in a form the field takes whole.
      expect(date?.alternativeText).toBe(`Date signed by ${name}, e.g. 1 February 2027`);
      expect('1 February 2027'.length).toBeLessThanOrEqual(date?.maxLen ?? 0);
    }
    expect(findObjects(pdf.raw, /\/FT \/Sig/)).toHaveLength(2);
  });

  it('numbers pages "Page X of Y" and marks every page Confidential', () => {
    expect(pdf.pages.length).toBeGreaterThanOrEqual(3);
    pdf.pages.forEach((page, index) => {
      expect(page.text).toContain(`Page ${index + 1} of ${pdf.pages.length}`);
      expect(page.text).toContain('Confidential');
      expect(page.text).toContain('Northshire County Council');
    });
  });

  it('is A4 by default', () => {
    expect(pdf.pages[0]?.width).toBeCloseTo(595.28, 1);
    expect(pdf.pages[0]?.height).toBeCloseTo(841.89, 1);
  });

  it('embeds its fonts and uses no standard-14 font', () => {
    const fonts = findObjects(pdf.raw, /\/Type \/Font\b/);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).not.toMatch(/\/Subtype \/(Type1|TrueType)\b/);
    expect(pdf.raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    const descriptors = findObjects(pdf.raw, /\/Type \/FontDescriptor/);
    expect(descriptors.length).toBe(fonts.filter((font) => /CIDFontType2/.test(font)).length);
    for (const descriptor of descriptors) expect(descriptor).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(findObjects(pdf.raw, /\/Subtype \/Type0/).every((font) => /\/ToUnicode \d+ 0 R/.test(font))).toBe(true);
  });

  it('is tagged: headings, paragraphs and lists in reading order', () => {
    const roles = pdf.pages.flatMap((page) => page.roles);
    for (const role of ['H1', 'H2', 'H3', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TD', 'Form']) {
      expect(roles).toContain(role);
    }
    expect(roles.indexOf('H1')).toBeLessThan(roles.indexOf('H2'));
    expect(roles.indexOf('H2')).toBeLessThan(roles.indexOf('L'));
    expect(pdf.raw).toMatch(/\/Marked true/);
    expect(pdf.raw).toMatch(/\/Lang \(en-GB\)/);
    // Header and footer are artifacts, so screen readers skip them.
    const contentStreams = inflateStreams(bytes).filter((stream) => stream.includes('BDC'));
    expect(contentStreams).toHaveLength(pdf.pages.length);
    for (const stream of contentStreams) expect(stream).toMatch(/\/Artifact <<\s*\/Type \/Pagination\s*>> BDC/);
  });

  it('declares PDF/A-2a with an sRGB output intent, and widgets PDF/A accepts', () => {
    expect(pdf.raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(pdf.raw).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(pdf.raw).toMatch(/\/S \/GTS_PDFA1/);
    expect(pdf.raw).toMatch(/\/DestOutputProfile \d+ 0 R/);
    expect(pdf.raw).not.toMatch(/\/NeedAppearances/);
    const widgets = findObjects(pdf.raw, /\/Subtype \/Widget/);
    expect(widgets).toHaveLength(4);
    for (const widget of widgets) {
      expect(widget).toMatch(/\/AP <<\n?\/N \d+ 0 R/);
      expect(widget).toMatch(/\/F 4\b/);
      expect(widget).toMatch(/\/StructParent \d+/);
    }
  });

  it('lists the headings as bookmarks, nested as they are, each signer by name, and opens at them', () => {
    const [title = '', ...sections] = headingsOf(oneToOneMarkdown);
    expect(outlineLines(pdf.outline)).toEqual([
      title,
      ...sections.flatMap((heading) => (heading.startsWith('As a ') ? [`    ${heading}`] : [`  ${heading}`])),
      '    Supervisor: Siân Ŵyn',
      '    Supervisee: Łukasz Żółć',
    ]);
    // Every item is open: a count of all its descendants, and the outline's of every item.
    const [root] = pdf.outline;
    expect(root?.count).toBe(sections.length + 2);
    expect(root?.items.find((item) => item.title === 'Content of supervision')?.count).toBe(2);
    const outlines = findObjects(pdf.raw, /\/Type \/Outlines\b/);
    expect(outlines).toHaveLength(1);
    expect(outlines[0]).toMatch(/\/Count 16\b/);
    expect(pdf.raw).toMatch(/\/PageMode \/UseOutlines/);
  });

  it('writes no object that nothing refers to, its outline among them', () => {
    expect(unreferencedObjects(pdf.raw)).toEqual([]);
  });

  it('sends each bookmark to its heading, on its page', () => {
    const bookmarks = allBookmarks(pdf.outline);
    // A signer's block is headed by their title alone; the name follows it.
    for (const bookmark of bookmarks) expectBookmarkAtHeading(pdf, bookmark, bookmark.title.replace(/^(Supervisor|Supervisee): .*/, '$1'));
    // The signers' blocks are on the last page, the title on the first.
    expect(bookmarks[0]?.pageIndex).toBe(0);
    expect(bookmarks.at(-1)?.pageIndex).toBe(pdf.pages.length - 1);
  });

  it('sets the metadata and the viewer shows the title', () => {
    expect(pdf.info.Title).toBe('Agreement for 1:1 Safeguarding Supervision: Łukasz Żółć, from 1 December 2026');
    expect(pdf.info.Author).toBe('Northshire County Council');
    expect(pdf.info.Subject).toBe('Safeguarding supervision agreement between Siân Ŵyn and Łukasz Żółć');
    expect(pdf.info.Keywords).toBe('safeguarding, supervision, agreement');
    expect(pdf.info.Language).toBe('en-GB');
    expect(pdf.raw).toMatch(/\/DisplayDocTitle true/);
    expect(pdf.xmp?.get('dc:title')).toBe('Agreement for 1:1 Safeguarding Supervision: Łukasz Żółć, from 1 December 2026');
    // The running header keeps the template's title alone.
    expect(pdf.pages[1]?.text).toContain('Northshire County Council Agreement for 1:1 Safeguarding Supervision');
    expect(pdf.raw).toContain('<xmp:CreateDate>2026-12-01T09:30:00Z</xmp:CreateDate>');
  });

  it('names the versions of supervise and pdfkit that made it, in the Info dictionary and the XMP alike', () => {
    const versionOf = (packageJson: string): string => (JSON.parse(readFileSync(new URL(packageJson, import.meta.url), 'utf8')) as { version: string }).version;
    const supervise = `supervise ${versionOf('../../../package.json')}`;
    const producer = `${supervise} (PDFKit ${versionOf('../../../node_modules/pdfkit/package.json')})`;
    expect(supervise).toMatch(/^supervise \d+\.\d+\.\d+/);
    expect(pdf.info.Creator).toBe(supervise);
    expect(pdf.info.Producer).toBe(producer);
    expect(pdf.raw).toContain(`<xmp:CreatorTool>${supervise}</xmp:CreatorTool>`);
    expect(pdf.raw).toContain(`<pdf:Producer>${producer}</pdf:Producer>`);
  });
});

describe('renderPdf: what the structure tells a screen reader about lists and tables', () => {
  it('says how each list is numbered, and that each header cell heads its column', async () => {
    const markdown = 'Unless:\n\na. one;\n\nb. two.\n\n1. first\n2. second\n\n- bullet\n  - dash\n\n| Kilo header | Lima header |\n| --- | --- |\n| Mike | November |\n';
    const { raw } = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [] })));
    // ISO 32000-1, 14.8.5.5: a list's ListNumbering says what its labels are (a., 1., a bullet, or a dash of no scheme).
    const numbering = findObjects(raw, /\/S \/L\b/).map((list) => /\/A\s*<<\s*\/O \/List\s*\/ListNumbering \/(\w+)\s*>>/.exec(list)?.[1]);
    expect(numbering.sort()).toEqual(['Decimal', 'Disc', 'LowerAlpha', 'None']);
    // PDF/UA (Matterhorn 15-003): a header cell in a table without Headers and IDs has a Scope.
    const headers = findObjects(raw, /\/S \/TH\b/);
    expect(headers).toHaveLength(2);
    for (const header of headers) expect(header).toMatch(/\/A\s*<<\s*\/O \/Table\s*\/Scope \/Column\s*>>/);
    expect(findObjects(raw, /\/S \/TD\b/).every((cell) => !/\/Scope/.test(cell))).toBe(true);
  });
});

describe('renderPdf: a document without a heading', async () => {
  // A pack's template may have none, and without signers there are no signature blocks to bookmark either.
  const pdf = await inspectPdf(await renderPdf('A note on supervision, with no heading.\n', oneToOneOptions({ signers: [] })));

  it('has no outline, nor an empty one left over that nothing refers to, and does not open at the bookmarks', () => {
    expect(pdf.pages[0]?.text).toContain('A note on supervision, with no heading.');
    expect(pdf.outline).toEqual([]);
    expect(findObjects(pdf.raw, /\/Outlines\b/)).toEqual([]);
    expect(pdf.raw).not.toMatch(/\/PageMode/);
    expect(unreferencedObjects(pdf.raw)).toEqual([]);
  });
});

describe('renderPdf: the group agreement with 12 members', async () => {
  const options = groupOptions();
  const bytes = await renderPdf(groupMarkdown, options);
  const pdf = await inspectPdf(bytes);

  it('letters the exceptions to confidentiality as the pack does, as a list', () => {
    expectLetteredExceptions(bytes, allText(pdf));
  });

  it('flows the 13 signature blocks over pages without splitting one', () => {
    expect(pdf.fieldNames.filter((name) => name.startsWith('signature.'))).toHaveLength(13);
    // Each signature locks its own signer's date, and no one else's.
    expect(signatureLocks(pdf.raw)).toEqual(options.signers.map((signer) => [signer.id, [`date.${signer.id}`]]));
    const pages = new Set<number>();
    for (const signer of options.signers) {
      const page = pageOfField(pdf, `signature.${signer.id}`);
      expect(page, signer.id).toBeGreaterThanOrEqual(0);
      expect(pageOfField(pdf, `date.${signer.id}`)).toBe(page);
      // The block's heading and name are on the page of its fields.
      expect(pdf.pages[page]?.text).toContain(`${signer.title} ${signer.name}`);
      pages.add(page);
    }
    expect(pages.size).toBeGreaterThan(1);
    for (const name of GROUP_MEMBERS) expect(allText(pdf)).toContain(name);
  });

  it('bookmarks every signer under Signatures, by name, on the page of their fields', () => {
    const signatures = pdf.outline[0]?.items.find((item) => item.title === 'Signatures');
    expect(signatures?.items.map((item) => item.title)).toEqual(options.signers.map((signer) => `${signer.title}: ${signer.name}`));
    expect(signatures?.items.map((item) => item.title)).toContain('Member 5: Ζωή Παπαδοπούλου');
    options.signers.forEach((signer, index) => {
      const bookmark = signatures!.items[index]!;
      expect(bookmark.pageIndex, signer.id).toBe(pageOfField(pdf, `signature.${signer.id}`));
      expectBookmarkAtHeading(pdf, bookmark, signer.title);
    });
  });

  it('counts pages right on every page', () => {
    pdf.pages.forEach((page, index) => expect(page.text).toContain(`Page ${index + 1} of ${pdf.pages.length}`));
  });

  it('never leaves a heading as the last text of a page', () => {
    const headings = headingsOf(groupMarkdown);
    for (const page of pdf.pages.slice(0, -1)) {
      const body = page.text.replace(/ ?Confidential Page \d+ of \d+ ?$/, '').trim();
      for (const heading of headings) expect(body.endsWith(heading), heading).toBe(false);
    }
  });
});

describe('renderPdf: the text where a line wraps', () => {
  const title = 'Agreement for 1:1 Safeguarding Supervision';
  const paragraph =
    'This agreement is between Priya Shah, Team Manager, the supervisor, and Tom Evans, Social Worker, the supervisee. ' +
    'It covers the arrangements for safeguarding supervision as described within the agency’s policy, and is subject to regular review.';
  const item = 'provide effective support, constructive feedback and challenge where necessary; the emotional impact of this work should always be acknowledged;';
  const longWord = `https://example.org/${'abcdefghij'.repeat(20)}`;

  it('keeps the space between the words on either side of a wrap, and adds none inside a word broken across lines', async () => {
    const markdown = `# ${title}\n\n${paragraph}\n\n- ${item}\n\nVideo link: ${longWord} then more words.\n`;
    const bytes = await renderPdf(markdown, oneToOneOptions());
    const pdf = await inspectPdf(bytes);
    // Each of these wraps on A4: the title at 20 points after "Safeguarding", the rest over several lines.
    expect(pdf.pages[0]?.text).toContain('Agreement for 1:1 Safeguarding Supervision');
    const texts = taggedTexts(bytes);
    expect(texts).toContain(title);
    expect(texts).toContain(paragraph);
    expect(texts).toContain(item);
    expect(texts).toContain(`Video link: ${longWord} then more words.`);
  });
});

describe('renderPdf: words with a hyphen or a slash at the end of a line', () => {
  it('breaks them after the hyphen or slash, so the line is full and no line starts with a hyphen, the text kept whole', async () => {
    const first = 'The supervisor discusses caseload, reflective practice, wellbeing and their line-management matters, in turn.';
    const second = 'Where a case involves self-neglect, the supervisor and supervisee agree what he/she/they will do next.';
    const bytes = await renderPdf(`# Notes\n\n${first}\n\n${second}\n`, oneToOneOptions({ signers: [], formFields: false }));
    const pdf = await inspectPdf(bytes);
    // The body's lines, in order, each the text of its baseline.
    const items = pdf.pages[0]!.textItems.filter((item) => item.text.trim() !== '');
    const baselines = [...new Set(items.map((item) => item.baseline))];
    const lines = baselines.map((baseline) => items.filter((item) => item.baseline === baseline).map((item) => item.text).join('').trim());
    expect(lines).toContain('The supervisor discusses caseload, reflective practice, wellbeing and their line-');
    expect(lines).toContain('management matters, in turn.');
    expect(lines).toContain('Where a case involves self-neglect, the supervisor and supervisee agree what he/');
    expect(lines.some((line) => /^[-\u2010\u2013]/.test(line))).toBe(false);
    // The structure tree, which a screen reader reads, has each paragraph as written.
    expect(taggedTexts(bytes)).toEqual(expect.arrayContaining([first, second]));
  });
});

describe("renderPdf: an answer's paragraphs", () => {
  it('are apart by the gap between paragraphs, in a paragraph and in a list item, the answer still one paragraph of the Markdown', async () => {
    const answer = escapeMarkdownBlock('Agenda sent two days before.\n\nNotes typed up within a week.');
    const markdown = `# Notes\n\nFirst paragraph.\n\nSecond paragraph.\n\nContributions: ${answer}\n\n- Method: ${answer}\n- Next item\n`;
    const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [], formFields: false })));
    const items = pdf.pages[0]!.textItems;
    const baselineOf = (text: string, from = 0): number => items.slice(from).find((item) => item.text.includes(text))!.baseline;
    const paragraphGap = baselineOf('First paragraph.') - baselineOf('Second paragraph.');
    const contributions = items.findIndex((item) => item.text.includes('Contributions'));
    const method = items.findIndex((item) => item.text.includes('Method'));
    // The second paragraph of the answer is as far below the first as a paragraph below another, in the paragraph and in the list item.
    expect(baselineOf('Contributions') - baselineOf('Notes typed up', contributions)).toBeCloseTo(paragraphGap, 1);
    expect(baselineOf('Method') - baselineOf('Notes typed up', method)).toBeCloseTo(paragraphGap, 1);
  });
});

describe('renderPdf: a table of narrow columns', () => {
  const render = async (name: string) => {
    const markdown = `# Contacts\n\n| Who | Role | E-mail | Venue | Notes |\n|---|---|---|---|---|\n| ${name} | Team Manager | p.shah@x.example | Room 3 | None |\n`;
    const pdf = await inspectPdf(await renderPdf(markdown, oneToOneOptions({ signers: [], formFields: false })));
    const items = pdf.pages[0]!.textItems;
    const headerX = ['Who', 'Role', 'E-mail', 'Venue', 'Notes'].map((text) => items.find((item) => item.text.trim() === text)!.x);
    return { items, headerX };
  };

  it('widens a column to its longest word when the others can give it the room, rather than break a name between letters', async () => {
    const { items, headerX } = await render('Priya Shah-Featherstonehaugh');
    const surname = items.find((item) => item.text.trim() === 'Featherstonehaugh');
    expect(surname).toBeDefined();
    expect(surname!.x + surname!.width).toBeLessThan(headerX[1]!);
  });

  it('keeps columns of equal width when every word fits them', async () => {
    const { headerX } = await render('Priya Shah');
    const gaps = headerX.slice(1).map((x, column) => x - headerX[column]!);
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0]!, 3);
  });
});

describe('renderPdf options', () => {
  it('renders the same bytes twice, and different bytes for another creation date', async () => {
    const first = await renderPdf(oneToOneMarkdown, oneToOneOptions());
    // Another document in between fills the shared font caches differently.
    await renderPdf(groupMarkdown, groupOptions({ title: 'Другой документ' }));
    const second = await renderPdf(oneToOneMarkdown, oneToOneOptions());
    expect(Buffer.compare(first, second)).toBe(0);
    const later = await renderPdf(oneToOneMarkdown, oneToOneOptions({ creationDate: new Date('2027-01-01T00:00:00Z') }));
    expect(Buffer.compare(first, later)).not.toBe(0);
  });

  it('gives agreements with the same metadata but other contents their own file identifier, the same on every render', async () => {
    const fileId = (bytes: Uint8Array): string => /\/ID \[<([0-9a-f]+)>/.exec(Buffer.from(bytes).toString('latin1'))?.[1] ?? '';
    const first = fileId(await renderPdf(oneToOneMarkdown, oneToOneOptions()));
    const renewed = fileId(await renderPdf(oneToOneMarkdown.replace(/2026/g, '2027'), oneToOneOptions()));
    const onLetter = fileId(await renderPdf(oneToOneMarkdown, oneToOneOptions({ paper: 'letter' })));
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set([first, renewed, onLetter]).size).toBe(3);
    expect(fileId(await renderPdf(oneToOneMarkdown, oneToOneOptions()))).toBe(first);
  });

  it('gives the running header\'s agency the room the title leaves, and cuts a longer one after a whole word', async () => {
    const headerOf = async (agency: string): Promise<string> => {
      const page = (await inspectPdf(await renderPdf(groupMarkdown, groupOptions({ agency })))).pages[1]!;
      // The header's first piece of text, above every other on the page: the agency.
      return page.textItems.find((item) => item.baseline > page.height - 60 && item.text.trim() !== '')!.text;
    };
    // Beside the group's short title the whole name fits; a fixed 45% of the line cut it after "Gwasanaethau".
    const welsh = 'Cyngor Sir Ynys Môn – Gwasanaethau Cymdeithasol Oedolion a Phlant';
    expect(await headerOf(welsh)).toBe(welsh);
    const long = `${welsh}, Ymddiriedolaeth Gofal a Diogelu Gogledd Cymru`;
    const cut = await headerOf(long);
    expect(cut).toMatch(/…$/);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(long.split(' ')).toContain(cut.slice(0, -1).split(' ').at(-1));
  });

  it('sets the running header and footer on the margins: agency and "Confidential" from the left, title and page number to the right', async () => {
    const { pages } = await inspectPdf(await renderPdf(groupMarkdown, groupOptions()));
    const heading = pages[0]!.textItems.find((item) => item.text.startsWith('Supervision Agreement'))!;
    for (const page of pages) {
      // In the header or the footer, not the body (the group's title is its first heading too).
      const item = (text: string) => page.textItems.find((candidate) => candidate.text === text && Math.abs(candidate.baseline - page.height / 2) > page.height / 2 - 60)!;
      const left = heading.x;
      const right = page.width - left;
      expect(item('Northshire County Council').x).toBeCloseTo(left, 1);
      expect(item('Confidential').x).toBeCloseTo(left, 1);
      const title = item('Supervision Agreement / Contract');
      const label = item(`Page ${pages.indexOf(page) + 1} of ${pages.length}`);
      // The page's own margins are symmetrical, so the right-hand texts end as far from the edge as the left ones start.
      expect(title.x + title.width).toBeCloseTo(right, 1);
      expect(label.x + label.width).toBeCloseTo(right, 1);
      expect(title.baseline).toBeCloseTo(item('Northshire County Council').baseline, 3);
    }
  });

  it('fits a header text on one line, cut after the last whole word that fits, without the punctuation that ended it', () => {
    const widthOf = (text: string): number => Array.from(text).length;
    expect(fitOnOneLine('Northshire County Council', 25, widthOf)).toBe('Northshire County Council');
    expect(fitOnOneLine('the supervisor agree to meet regularly', 32, widthOf)).toBe('the supervisor agree to meet…');
    expect(fitOnOneLine('Cyngor Sir Ynys Môn – Gwasanaethau', 24, widthOf)).toBe('Cyngor Sir Ynys Môn…');
    expect(fitOnOneLine('Smith, Jones and Partners', 12, widthOf)).toBe('Smith…');
    // Only a first word wider than the line is cut inside.
    expect(fitOnOneLine('Llanfairpwllgwyngyll Council', 10, widthOf)).toBe('Llanfairp…');
  });

  it('uses US Letter when asked', async () => {
    const pdf = await inspectPdf(await renderPdf(oneToOneMarkdown, oneToOneOptions({ paper: 'letter' })));
    expect(pdf.pages[0]?.width).toBe(612);
    expect(pdf.pages[0]?.height).toBe(792);
    pdf.pages.forEach((page, index) => expect(page.text).toContain(`Page ${index + 1} of ${pdf.pages.length}`));
  });

  it('draws plain lines without any form field when formFields is false', async () => {
    const pdf = await inspectPdf(await renderPdf(oneToOneMarkdown, oneToOneOptions({ formFields: false })));
    expect(pdf.fieldNames).toEqual([]);
    expect(pdf.pages.flatMap((page) => page.annotations)).toEqual([]);
    expect(pdf.raw).not.toMatch(/\/AcroForm/);
    expect(allText(pdf)).toContain('Siân Ŵyn, Team Manager');
    expect(allText(pdf)).toMatch(/Signature Date/);
  });

  it('keeps metadata with & < > and quotes intact, in the Info dictionary and the XMP', async () => {
    const tricky = {
      documentTitle: 'Smith & Jones <Ltd> "Agreement" for O\'Neil',
      agency: 'A&B <Care> Services “Ltd”',
      subject: 'Between <x> & "y"',
      keywords: ['a&b', '<c>', '"d"'],
    };
    const bytes = await renderPdf(oneToOneMarkdown, oneToOneOptions(tricky));
    const pdf = await inspectPdf(bytes);
    expect(pdf.info.Title).toBe(tricky.documentTitle);
    expect(pdf.info.Author).toBe(tricky.agency);
    expect(pdf.info.Subject).toBe(tricky.subject);
    expect(pdf.info.Keywords).toBe('a&b, <c>, "d"');
    expect(pdf.xmp).not.toBeNull();
    expect(pdf.xmp?.get('dc:title')).toBe(tricky.documentTitle);
    expect(pdf.xmp?.get('dc:creator')).toEqual([tricky.agency]);
    expect(pdf.xmp?.get('dc:description')).toBe(tricky.subject);
    expect(pdf.raw).toContain('<pdf:Keywords>a&amp;b, &lt;c&gt;, &quot;d&quot;</pdf:Keywords>');
    expect(pdf.pages[0]?.text).toContain('A&B <Care> Services “Ltd”');
  });

  it('refuses a character the font cannot draw, naming it', async () => {
    const markdown = oneToOneMarkdown.replace('Meeting Room 3', 'Meeting Room 中');
    await expect(renderPdf(markdown, oneToOneOptions())).rejects.toThrow(SuperviseError);
    await expect(renderPdf(markdown, oneToOneOptions())).rejects.toThrow(/U\+4E2D "中" in the agreement text/);
    const signers = [{ id: 'supervisor', title: 'Supervisor', name: 'Crab \u{1F980} Person' }];
    await expect(renderPdf(oneToOneMarkdown, oneToOneOptions({ signers }))).rejects.toThrow(
      /U\+1F980 .* in the signature block "Supervisor"/,
    );
  });

  it('rejects duplicate or unusable signer ids', async () => {
    const signer = { id: 'member-1', title: 'Member 1', name: 'Ana Silva' };
    await expect(renderPdf(groupMarkdown, groupOptions({ signers: [signer, signer] }))).rejects.toThrow(/not a unique/);
    await expect(
      renderPdf(groupMarkdown, groupOptions({ signers: [{ ...signer, id: 'a b' }] })),
    ).rejects.toThrow(SuperviseError);
  });
});

describe('findUndrawableCharacters', () => {
  it('lists each undrawable character once, in order', () => {
    expect(findUndrawableCharacters('a中b\u{1F980}中 Siân Ŵyn – “x”')).toEqual(['中', '\u{1F980}']);
  });

  it('accepts the names and punctuation the agreements use', () => {
    expect(findUndrawableCharacters(`${UNICODE_NAMES.join(' ')} – “ ” ‘ ’ • £ €\n\t`)).toEqual([]);
  });

  it('rejects control characters', () => {
    expect(findUndrawableCharacters('a\u0007b')).toEqual(['\u0007']);
  });
});
