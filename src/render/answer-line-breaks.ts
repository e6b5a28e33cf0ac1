import { ANSWER_LINE_BREAK, LINE_BREAK } from './escape-markdown.js';

/**
 * Places the breaks between the lines of each long answer in an agreement's
 * Markdown, once the template has put the answer where it goes: a hard break
 * (LINE_BREAK) in a paragraph or list item, as always, but `<br>` in a table
 * cell or a heading, each of which is one line of Markdown. A hard break in a
 * table row ended the table at the answer's first line: the rest of the
 * answer read as a code block (its continuation lines are indented), and the
 * rows after it as a paragraph of pipes, in the Markdown and in the PDF
 * alike; in a heading, the heading ended there. `<br>` keeps the line whole;
 * Markdown viewers show it as the line break it is, and the PDF draws it as
 * one (markdown-blocks.ts).
 */
export function placeAnswerLineBreaks(markdown: string): string {
  if (!markdown.includes(ANSWER_LINE_BREAK)) return markdown;
  const lines = markdown.split('\n');
  return lines
    .map((line, index) => (line.includes(ANSWER_LINE_BREAK) ? line.replaceAll(ANSWER_LINE_BREAK, isOneLineBlock(lines, index) ? '<br>' : LINE_BREAK) : line))
    .join('\n');
}

/** A heading (`## …`): one line of Markdown, like a table row. */
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;

/** Whether line `index` is a block that must stay one line: a table row, or a heading. */
function isOneLineBlock(lines: readonly string[], index: number): boolean {
  return HEADING.test(lines[index]!) || isTableRow(lines, index);
}

/**
 * A GFM table's delimiter row (`|---|:---:|`), as marked reads one: dashes with
 * optional colons, between pipes, with at least one pipe or colon (`---` alone is a rule).
 */
const DELIMITER_ROW = /^ {0,3}(?:\| *)?:?-+:? *(?:\| *:?-+:? *)*(?:\| *)?$/;
const isDelimiterRow = (line: string | undefined): boolean => line !== undefined && DELIMITER_ROW.test(line) && /[:|]/.test(line);

/**
 * A line that ends a table rather than being its next row, as marked reads it: a rule,
 * a heading, a quote, an indented code line, a code fence or a list item.
 */
const ENDS_TABLE = /^(?: {0,3}(?:(?:-[\t ]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$| {0,3}#{1,6}(?:\s|$)| {0,3}>|(?: {4}| {0,3}\t)\S| {0,3}(?:`{3,}|~~~)| {0,3}(?:[*+-]|1[.)])[ \t])/;

/**
 * Whether line `index` is a row of a table: the header row over a delimiter
 * row, or a row under one with no blank line, nor a line that ends the table,
 * between them. Where it is unsure (a header row of another number of
 * cells than its delimiter row's, which marked does not read as a table) it
 * says yes: a `<br>` outside a table is a line break still, where a hard
 * break inside one breaks the table. A table inside a quote is not found.
 */
function isTableRow(lines: readonly string[], index: number): boolean {
  if (isDelimiterRow(lines[index + 1])) return true;
  for (let row = index; row > 0; row -= 1) {
    const line = lines[row]!;
    if (row < index && isDelimiterRow(line)) return lines[row - 1]!.trim() !== '';
    if (line.trim() === '' || ENDS_TABLE.test(line)) return false;
  }
  return false;
}
