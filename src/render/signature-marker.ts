/**
 * `<!-- signatures -->`, on a line of its own in a pack's signatures partial,
 * is where the PDF stops reading the Markdown: it draws a block per signer
 * instead of the plain-text signature lines that follow, and keeps the
 * heading before the marker with the first block (pdf/markdown-blocks.ts).
 * It means nothing to a reader, so the Markdown written to a file goes
 * without it. Kept apart from both so that neither the PDF thread loads
 * Handlebars nor a Markdown-only run loads marked.
 */

/** Tested against the trimmed text of an HTML block, as marked's lexer gives it. */
export const SIGNATURE_MARKER = /^<!--\s*signatures\s*-->\s*$/i;

// The same marker as a block of its own lines (an HTML block may be indented up to three spaces), with the
// line break before it and the blank lines after it. An answer cannot forge it: answers are escaped, `<`
// included (escape-markdown.ts).
const SIGNATURE_MARKER_BLOCK = /\n {0,3}<!--\s*signatures\s*-->[ \t]*(?:\n[ \t]*)*(?=\n|$)/gi;

/** The marker on a line of its own in a template's source, where the PDF will find it once rendered. */
const SIGNATURE_MARKER_LINE = /^ {0,3}<!--\s*signatures\s*-->[ \t]*\r?$/im;

export function hasSignatureMarkerLine(templateSource: string): boolean {
  return SIGNATURE_MARKER_LINE.test(templateSource);
}

/**
 * The agreement's Markdown as a reader gets it: without the marker, and
 * without the blank line it leaves, so the text around it reads as if it
 * had never been there. Only the marker's own lines are touched. A batch
 * does this for every Markdown file, so text without a comment at all is
 * passed over with one search.
 */
export function removeSignatureMarker(markdown: string): string {
  if (!markdown.includes('<!--')) return markdown;
  return markdown.replace(SIGNATURE_MARKER_BLOCK, '');
}
