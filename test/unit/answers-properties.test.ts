import fc from 'fast-check';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lexer, type Token } from 'marked';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findForbiddenCharacters } from '../../src/packs/field-values.js';
import { validateAnswers } from '../../src/packs/validate-answers.js';
import { renderMarkdownForPdf } from '../../src/render/render-markdown.js';
import { runCliInProcess } from '../support/in-process-cli.js';
import { loadBuiltInPack, readExampleAnswers } from '../support/packs.js';
import { makeTempDir } from '../support/run-cli.js';

/** What a reader sees: the text of every token, escapes resolved, whitespace folded. */
function shownText(markdown: string): string {
  const collect = (tokens: readonly Token[]): string =>
    tokens
      .map((token) => {
        if (token.type === 'br' || token.type === 'space') return ' ';
        if (token.type === 'list') return ` ${collect((token as Token & { items: Token[] }).items)} `;
        if ('tokens' in token && token.tokens && token.tokens.length > 0) return ` ${collect(token.tokens)} `;
        return 'text' in token ? token.text : '';
      })
      .join('');
  return collect(Lexer.lex(markdown)).replace(/\s+/g, ' ');
}

/** An answer as the agreement prints it: composed (NFC, see render-context.ts), its white space as Markdown shows it. */
const fold = (text: string): string => text.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Any printable text, in any script, that a field accepts. */
const anyText = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 40 })
  .filter((text) => text.trim() !== '' && findForbiddenCharacters(text, false) === undefined);

describe('answers and rendering, over generated input', () => {
  it('never throws on arbitrary input, and every failure names at least one problem', async () => {
    const pack = await loadBuiltInPack('group');
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (input) => {
        const result = validateAnswers(pack.manifest, input);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) expect(problem.message).not.toBe('');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('renders valid answers in any script, and every answer can be found again in the Markdown', async () => {
    const pack = await loadBuiltInPack('one-to-one');
    const example = readExampleAnswers('one-to-one');
    fc.assert(
      fc.property(anyText, anyText, anyText, anyText, anyText, (supervisor, supervisee, agency, venue, method) => {
        const input = {
          ...example,
          agency,
          supervisor: { name: supervisor },
          supervisee: { name: supervisee, role: venue },
          location: { ...(example.location as object), venue },
          recording: { ...(example.recording as object), method: `${method}\n\n${supervisee}` },
        };
        const result = validateAnswers(pack.manifest, input);
        if (!result.ok) throw new Error(`valid input rejected: ${JSON.stringify(result.problems)}`);
        const { markdown } = renderMarkdownForPdf(pack, result.answers);
        const shown = shownText(markdown);
        for (const value of [agency, supervisee, venue, method]) expect(shown).toContain(fold(value));
        // A name is printed inside a sentence without a full stop typed to close it (withoutClosingStop).
        expect(shown).toContain(fold(supervisor).replace(/\.$/, ''));
        // Whatever the values, the agreement keeps its sections in order.
        expect(Lexer.lex(markdown).filter((token) => token.type === 'heading')).toHaveLength(18);
      }),
      { numRuns: 200 },
    );
  });

  it('through the CLI, random missing and mangled fields give exit 1 with located messages and write nothing', async () => {
    const example = readExampleAnswers('one-to-one');
    const keys = Object.keys(example).filter((key) => key !== 'template');
    const dir = makeTempDir();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.subarray(keys, { minLength: 1 }),
          fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.integer(), fc.constant(''), fc.constant([]), anyText), { maxKeys: 3 }),
          async (removed, mangled) => {
            const answers: Record<string, unknown> = { ...example };
            for (const key of removed) delete answers[key];
            Object.assign(answers, mangled);
            const file = join(dir, 'answers.yaml');
            writeFileSync(file, stringify(answers));
            const out = join(dir, 'out');
            const result = await runCliInProcess(['new', 'one-to-one', '-a', file, '-f', 'md', '-o', out], dir);
            if (result.code === 0) {
              // Only possible when what was removed had defaults and what was mangled was still valid.
              const written = readdirSync(out);
              expect(written).toHaveLength(1);
              expect(readFileSync(join(out, written[0]!), 'utf8')).toContain('# Agreement for 1:1 Safeguarding Supervision');
              rmSync(out, { recursive: true });
              return;
            }
            expect(result.code).toBe(1);
            const problemLines = result.stderr.split('\n').filter((line) => line.startsWith('  error '));
            expect(problemLines.length).toBeGreaterThan(0);
            // Named as typed: the file is in the folder the command ran in.
            for (const line of problemLines) expect(line.startsWith('  error answers.yaml:')).toBe(true);
            expect(readdirSync(dir)).toEqual(['answers.yaml']);
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
