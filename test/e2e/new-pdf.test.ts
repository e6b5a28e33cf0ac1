import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { inspectPdf, taggedTexts, type PageContent } from '../support/inspect-pdf.js';
import { makeTempDir, projectRoot, runCli } from '../support/run-cli.js';

const oneToOneExample = join(projectRoot, 'examples', 'one-to-one.yaml');
const groupExample = join(projectRoot, 'examples', 'group.yaml');
const epoch = { SOURCE_DATE_EPOCH: '1798761600' };

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});

describe('supervise new writes PDF by default', () => {
  it('puts every section heading and every answer into the PDF text, with signature and date fields', async () => {
    const result = runCli(['new', 'one-to-one', '--answers', oneToOneExample, '--out', dir], { env: epoch });
    expect(result.code).toBe(0);
    const pdf = await inspectPdf(readFileSync(join(dir, 'one-to-one-tom-evans-2026-12-01.pdf')));
    const text = pdf.pages.map((page) => page.text).join(' ');
    for (const heading of [
      'Agreement for 1:1 Safeguarding Supervision', 'The purpose of the session', 'As a supervisee I agree to',
      'As a supervisor I agree to', 'Confidentiality and accountability', 'Frequency of meetings', 'Location', 'Recording',
      'Content of supervision', 'Complaints and disagreements about supervision', 'Expectations', 'What supervision is not', 'Review arrangements',
    ]) {
      expect(text).toContain(heading);
    }
    for (const answer of ['Priya Shah', 'Tom Evans', 'Meeting Room 3, County Hall, Northshire', '1 December 2026', '1 June 2027', '14:00']) {
      expect(text).toContain(answer);
    }
    // The exceptions to confidentiality are lettered, as the source document letters them.
    expect(text).toContain('a. a child may be at risk of significant harm; b. there is unsafe practice placing people at risk; c. there is illegal activity.');
    expect(text.match(/Signatures/g)).toHaveLength(1);
    expect(pdf.fieldNames).toEqual(['date.supervisee', 'date.supervisor', 'signature.supervisee', 'signature.supervisor']);
    // The viewer shows the title in place of the file name, so it says whom the agreement is for, and from when.
    expect(pdf.info.Title).toBe('Agreement for 1:1 Safeguarding Supervision: Tom Evans, from 1 December 2026');
    expect(pdf.info.Author).toBe("Northshire County Council Children's Services");
    const last = pdf.pages.length;
    expect(pdf.pages[last - 1]!.text).toContain(`Page ${last} of ${last}`);
  });

  it('prints Unicode names and copies them back out exactly', async () => {
    const names = ['Siân Ŵyn', 'Łukasz Żółć', 'Nguyễn Thị Ánh', 'Ζωή Παπαδοπούλου', 'Анна Кузнецова', 'Seán O’Neill – “Jo”'];
    const members = `[${names.map((name) => `{name: "${name}"}`).join(', ')}]`;
    const result = runCli(['new', 'group', '-a', groupExample, '-o', join(dir, 'group.pdf'), '--set', `members=${members}`], { env: epoch });
    expect(result.code).toBe(0);
    const pdf = await inspectPdf(readFileSync(join(dir, 'group.pdf')));
    const text = pdf.pages.map((page) => page.text).join(' ');
    for (const name of names) expect(text).toContain(name);
    expect(pdf.fieldNames).toEqual(expect.arrayContaining(['signature.supervisor', 'signature.member-1', 'signature.member-6', 'date.member-6']));
    expect(pdf.info.Title).toBe('Supervision Agreement / Contract: Northshire Hospital Discharge Team, from 5 January 2027');
  });

  it('composes a name typed decomposed (as Macs send it), so it copies back out as one character a letter', async () => {
    const decomposed = 'Sia\u0302n W\u0302yn Nguye\u0302\u0303n';
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-f', 'both', '-o', join(dir, 'tom.pdf'), '--set', `supervisee.name=${decomposed}`], { env: epoch });
    expect(result.code).toBe(0);
    const pdf = await inspectPdf(readFileSync(join(dir, 'tom.pdf')));
    expect(pdf.pages.map((page) => page.text).join(' ')).toContain('Siân Ŵyn Nguyễn');
    expect(pdf.info.Title).toBe('Agreement for 1:1 Safeguarding Supervision: Siân Ŵyn Nguyễn, from 1 December 2026');
    expect(readFileSync(join(dir, 'tom.md'), 'utf8')).toContain('Siân Ŵyn Nguyễn');
  });

  it('refuses a name the PDF font cannot draw, naming the field, and writes nothing', () => {
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', dir, '--set', 'supervisee.name=李伟'], { env: epoch });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error --set supervisee.name: supervisee.name: contains "李" (U+674E), "伟" (U+4F1F), which the PDF font cannot print');
    expect(result.stderr).toContain('--format md');
    expect(readdirSync(dir)).toEqual([]);

    // From an answers file, at its line; Markdown holds it.
    const answers = join(dir, 'answers.yaml');
    writeFileSync(answers, readFileSync(oneToOneExample, 'utf8').replace('name: Tom Evans', 'name: 李伟'));
    const located = runCli(['new', 'one-to-one', '-a', answers, '-o', dir], { env: epoch });
    expect(located.code).toBe(1);
    expect(located.stderr).toMatch(/error .*answers\.yaml:\d+:3: supervisee\.name: contains "李"/);
    expect(runCli(['new', 'one-to-one', '-a', answers, '-o', dir, '-f', 'md'], { env: epoch }).code).toBe(0);
  });

  it('gives byte-identical files for the same answers and SOURCE_DATE_EPOCH', () => {
    runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', join(dir, 'a.pdf')], { env: epoch });
    runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', join(dir, 'b.pdf')], { env: epoch });
    expect(readFileSync(join(dir, 'a.pdf')).equals(readFileSync(join(dir, 'b.pdf')))).toBe(true);
    // Dated SOURCE_DATE_EPOCH (2027-01-01), not now: two runs in the same second would be identical without it.
    const raw = readFileSync(join(dir, 'a.pdf')).toString('latin1');
    expect(raw).toContain('<xmp:CreateDate>2027-01-01T00:00:00Z</xmp:CreateDate>');
    expect(raw).toContain('(D:20270101000000Z)');
  });

  it('breaks a long web or e-mail address where its parts meet, adding nothing, so it copies back out whole', async () => {
    const link = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ1ZTFkYmEtOGIzNy00ZmQ1LWE2ZTktZmQ3MzQ0N2Y1NjE0%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d&anon=true#join';
    const email = 'priya.shah-morgan.safeguarding-supervision@northshire-county-council-childrens-services.example.org';
    const pdfPath = join(dir, 'tom.pdf');
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', pdfPath, '--set', `location.venue=Microsoft Teams: ${link}`, '--set', `supervisor.email=${email}`], { env: epoch });
    expect(result.code).toBe(0);
    const bytes = readFileSync(pdfPath);
    const pdf = await inspectPdf(bytes);
    /** Each line of the page's text, its pieces (one a style) joined. */
    const linesOf = (page: PageContent): string[] => {
      const lines = new Map<number, string>();
      for (const item of page.textItems) lines.set(Math.round(item.baseline), (lines.get(Math.round(item.baseline)) ?? '') + item.text);
      return [...lines.values()].map((line) => line.trim());
    };
    const lines = pdf.pages.flatMap(linesOf);
    // The address starts on the line of "Where:", broken after a slash, and every line of it ends where a part of it does.
    expect(lines).toContain('• Where: Microsoft Teams: https://teams.microsoft.com/l/meetup-join/');
    expect(lines).toContain('Priya Shah, Team Manager, priya.shah-morgan.safeguarding-supervision');
    expect(lines).toContain('@northshire-county-council-childrens-services.example.org');
    const first = lines.indexOf('• Where: Microsoft Teams: https://teams.microsoft.com/l/meetup-join/');
    expect(lines.slice(first, first + 4)).toEqual([
      '• Where: Microsoft Teams: https://teams.microsoft.com/l/meetup-join/',
      '19%3ameeting_NjQ1ZTFkYmEtOGIzNy00ZmQ1LWE2ZTktZmQ3MzQ0N2Y1NjE0',
      '%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d&anon=',
      'true#join',
    ]);
    expect(lines.some((line) => line.endsWith('-'))).toBe(false);
    // A screen reader, or text copied from the structure, gets each address whole, with no space or hyphen added.
    const texts = taggedTexts(bytes);
    expect(texts).toContain(`Where: Microsoft Teams: ${link}`);
    expect(texts).toContain(`Priya Shah, Team Manager, ${email}`);
  });

  it('honours --paper letter, --no-form-fields and --format both', async () => {
    const result = runCli(['new', 'one-to-one', '-a', oneToOneExample, '-o', join(dir, 'tom.pdf'), '--paper', 'letter', '--no-form-fields', '--format', 'both'], { env: epoch });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'tom.md'), 'utf8')).toContain('# Agreement for 1:1 Safeguarding Supervision');
    const pdf = await inspectPdf(readFileSync(join(dir, 'tom.pdf')));
    expect(Math.round(pdf.pages[0]!.width)).toBe(612);
    expect(Math.round(pdf.pages[0]!.height)).toBe(792);
    expect(pdf.fieldNames).toEqual([]);
    expect(pdf.pages.map((page) => page.text).join(' ')).toContain('Signature');
  });
});
