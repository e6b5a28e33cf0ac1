/**
 * What the reporter says to a terminal, broken at spaces to fit its width. A terminal breaks a long line where
 * its edge falls, in the middle of a word or a path ("is a file, not a fo" / "lder"); here the break comes
 * at the last space that fits. Only the reporter calls this, and only when stderr is a terminal: piped,
 * messages stay whole lines, for logs and tools to read.
 *
 * A path or a quoted value is never broken at a space inside it when it fits on a row of its own; one
 * longer than a row is left for the terminal to break, as no break can be avoided then. Lines keep their
 * indent on every row they take. Characters are counted one column each: wide (East Asian) characters,
 * which take two, are not in the texts supervise writes itself, and at worst a row overflows by their count.
 */

/** SGR codes (colour, dim), which take no room on the screen. */
const styleCode = /\x1b\[[0-9;]*m/g;

/** Stands for a space inside a span kept together while the text is wrapped; from the Unicode private use area. */
const heldSpace = '\ue000';

/** Values quoted in a message ("…" or `…`), kept together as paths are. */
const quotedValue = /"[^"\n]*"|`[^`\n]*`/g;

/** The columns a message may fill on a terminal `columns` wide: one fewer, as a row filled to its last column leaves some terminals' cursor on an empty row below. */
export function messageWidth(columns: number | undefined): number | undefined {
  return typeof columns === 'number' && Number.isFinite(columns) && columns > 1 ? columns - 1 : undefined;
}

/** `text` (one line or several) broken at spaces into rows of at most `width` columns; `keepTogether`: paths (as shown) not to be broken at their spaces. */
export function fitToWidth(text: string, width: number, keepTogether: readonly string[] = []): string {
  return text
    .split('\n')
    .map((line) => fitLine(line, width, keepTogether))
    .join('\n');
}

function fitLine(line: string, width: number, keepTogether: readonly string[]): string {
  if (visibleLength(line) <= width) return line;
  const indent = /^ */.exec(line)![0];
  const room = width - indent.length;
  const held = holdSpaces(line.slice(indent.length), room, keepTogether);
  const rows: string[] = [];
  let row: string | undefined;
  for (const word of held.split(' ')) {
    if (row === undefined) row = word;
    else if (visibleLength(row) + 1 + visibleLength(word) <= room) row += ` ${word}`;
    else {
      rows.push(row);
      row = word;
    }
  }
  if (row !== undefined) rows.push(row);
  return rows.map((part) => `${indent}${part.replaceAll(heldSpace, ' ')}`).join('\n');
}

/** The spaces inside paths and quoted values that fit on a row, held so that the wrapping does not break there. */
function holdSpaces(text: string, room: number, keepTogether: readonly string[]): string {
  const hold = (span: string): string => (span.includes(' ') && visibleLength(span) <= room ? span.replaceAll(' ', heldSpace) : span);
  let held = text.replace(quotedValue, hold);
  for (const span of keepTogether) if (span !== '') held = held.split(span).join(hold(span));
  return held;
}

function visibleLength(text: string): number {
  let length = 0;
  for (const _character of text.replace(styleCode, '')) length += 1;
  return length;
}
