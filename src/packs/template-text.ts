import type { Problem, SourceLocation } from '../errors.js';

/**
 * A pack's own text (what its templates write as it stands, not the answers
 * put into it) holding characters the PDF font cannot print: an emoji or a
 * Chinese heading in agreement.md.hbs. Every PDF made from the pack would
 * fail on it, whatever its answers, so it is found here, in the templates,
 * where it can be pointed at: `check` reports it, and a batch stops on it
 * before rendering, instead of failing each agreement with a message about
 * "the agreement text".
 */

/** A parsed template the agreement is made from: the entry, or a partial it includes. */
export interface PrintedTemplate {
  file: string;
  ast: hbs.AST.Program;
}

/**
 * One problem per line holding such characters, at the first of them, in
 * file and line order. Only literal text and the quoted values given to
 * helpers and partials (`heading="When we meet"`) are looked at: a comment
 * is never printed. `findUnprintable` lists the characters of a text the PDF
 * cannot print (the printable-characters table's, or the font's own).
 */
export function findUnprintableTemplateText(templates: readonly PrintedTemplate[], findUnprintable: (text: string) => string[]): Problem[] {
  const byLine = new Map<string, { file: string; line: number; column: number; characters: string[] }>();
  const look = (file: string, text: string, start: hbs.AST.Position): void => {
    text.split('\n').forEach((lineText, index) => {
      const missing = findUnprintable(lineText.replace(/\r$/, ''));
      if (missing.length === 0) return;
      const line = start.line + index;
      const column = (index === 0 ? start.column : 0) + lineText.indexOf(missing[0]!) + 1;
      const key = `${file}\n${line}`;
      const found = byLine.get(key);
      if (!found) byLine.set(key, { file, line, column, characters: [...missing] });
      else for (const character of missing) if (!found.characters.includes(character)) found.characters.push(character);
    });
  };
  for (const { file, ast } of templates) {
    walk(ast, (node) => {
      if (node.type === 'ContentStatement') {
        // `original` is the text as written (`value` may have lost the whitespace around a standalone tag); the
        // typings call it StripFlags, which it is not.
        const content = node as unknown as { original: string; loc: hbs.AST.SourceLocation };
        look(file, content.original, content.loc.start);
      } else if (node.type === 'StringLiteral') {
        // Its location starts at the opening quote.
        const literal = node as hbs.AST.StringLiteral;
        look(file, literal.value, { line: literal.loc.start.line, column: literal.loc.start.column + 1 });
      }
    });
  }
  return [...byLine.values()].map(({ file, line, column, characters }) => ({ path: '', location: { file, line, column }, message: describeUnprintable(characters) }));
}

/**
 * The same of the words template.yaml gives the PDF to print as they stand:
 * its `title` (the document's heading) and each signer's `title` (over their
 * signature block). `locate` finds a key of template.yaml.
 */
export function findUnprintableManifestText(
  manifest: { title: string; signers: readonly { title: string }[] },
  locate: (path: (string | number)[]) => SourceLocation,
  findUnprintable: (text: string) => string[],
): Problem[] {
  const texts: { path: (string | number)[]; text: string }[] = [
    { path: ['title'], text: manifest.title },
    ...manifest.signers.map((signer, index) => ({ path: ['signers', index, 'title'], text: signer.title })),
  ];
  return texts.flatMap(({ path, text }) => {
    const characters = findUnprintable(text);
    return characters.length === 0 ? [] : [{ path: path.join('.'), location: locate(path), message: describeUnprintable(characters) }];
  });
}

function describeUnprintable(characters: readonly string[]): string {
  const some = characters.length === 1 ? 'it' : 'them';
  return `${characters.map(describeCharacter).join(', ')}: the PDF font cannot print ${some}, so no PDF can be made with this text; replace or remove ${some}`;
}

function describeCharacter(character: string): string {
  return `"${character}" (U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** Every node of a template, statements and the expressions inside them (params, hash values), but not comments. */
function walk(node: hbs.AST.Node | undefined, visit: (node: hbs.AST.Node) => void): void {
  if (!node || node.type === 'CommentStatement') return;
  visit(node);
  const parts = node as Partial<hbs.AST.BlockStatement> & { body?: hbs.AST.Statement[]; hash?: hbs.AST.Hash; pairs?: hbs.AST.HashPair[] };
  for (const child of parts.body ?? []) walk(child, visit);
  for (const param of parts.params ?? []) walk(param, visit);
  walk(parts.hash, visit);
  for (const pair of parts.pairs ?? []) walk(pair.value, visit);
  walk(parts.program ?? undefined, visit);
  walk(parts.inverse ?? undefined, visit);
}
