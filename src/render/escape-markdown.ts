/**
 * Escapes an answer so that it prints literally wherever a template puts it
 * and can never change the structure of the agreement: no headings, lists,
 * links, emphasis, HTML or table cells can be smuggled in through a name.
 */

// Characters that mean something anywhere in a line (CommonMark + GFM).
const inlineSpecial = /[\\`*_[\]<>|~&]/g;
// Characters that mean something only at the start of a line: a heading's `#`, a list's `+`, `1.` or (as the PDF
// reads a lettered list, see takeLetteredList) `a.` only when a space or the line's end follows (`#5`, `1.12.2026`,
// `a.m.` print as they are); `-` and `=` always, as a line of them is a rule or an underline.
const lineStartSpecial = /^(\s*)(#(?=[#\s]|$)|\+(?=\s|$)|[=-]|\d+[.)](?=\s|$)|[a-z]\.(?=\s|$))/;

function escapeLine(line: string): string {
  // An answer's own U+FDD0 (see ANSWER_LINE_BREAK) would become a line break: it is a character no one can mean, shown as one.
  const escaped = line.replaceAll(ANSWER_LINE_BREAK, '\uFFFD').replace(inlineSpecial, (character) => `\\${character}`);
  // Leading spaces would turn the line into a code block; they carry no meaning in an answer.
  return escaped.trimStart().replace(lineStartSpecial, (_match, _space: string, marker: string) =>
    /^[\da-z]/.test(marker) ? marker.replace(/([.)])$/, '\\$1') : `\\${marker}`,
  );
}

/** A single-line value: any line breaks become spaces. */
export function escapeMarkdownInline(text: string): string {
  return escapeLine(text.replace(/\s*\r?\n\s*/g, ' '));
}

/** Between the lines of an answer: a hard break, the next line indented to stay in the list item (see escapeMarkdownBlock). */
export const LINE_BREAK = '\\\n    ';

/**
 * Stands between an answer's lines in the Markdown a template renders, until
 * where the answer landed says how they are kept apart: a hard break
 * (LINE_BREAK), or `<br>` in a table cell or a heading (see answer-line-breaks.ts).
 * U+FDD0 is a noncharacter, which Unicode keeps for a program's own use: no
 * font draws it and no one types it, so no answer or template means it.
 */
export const ANSWER_LINE_BREAK = '\uFDD0';

/**
 * A multi-line value stays one paragraph with hard line breaks, so that a
 * blank line in an answer cannot end the list item or section it sits in.
 * Continuation lines are indented so that they stay inside a list item even
 * for parsers (marked among them) that end an item at a lazy line starting
 * with an escaped list marker. The answer's paragraphs (lines between blank
 * lines) are kept apart by a line holding only a hard break, which is not
 * blank, so the paragraph goes on: a Markdown viewer shows an empty line
 * between them, and the PDF a paragraph's gap (see layout's drawTextBlock).
 */
export function escapeMarkdownBlock(text: string): string {
  return escapeMarkdownLines(text).replaceAll(ANSWER_LINE_BREAK, LINE_BREAK);
}

/** An answer's lines, each escaped, with ANSWER_LINE_BREAK between them and two between its paragraphs: escapeMarkdownBlock before the breaks are placed. */
export function escapeMarkdownLines(text: string): string {
  const paragraphs: string[][] = [[]];
  for (const line of text.split(/\r?\n/).map((each) => each.trim())) {
    if (line !== '') paragraphs[paragraphs.length - 1]!.push(escapeLine(line));
    else if (paragraphs[paragraphs.length - 1]!.length > 0) paragraphs.push([]);
  }
  return paragraphs
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join(ANSWER_LINE_BREAK))
    .join(ANSWER_LINE_BREAK + ANSWER_LINE_BREAK);
}
