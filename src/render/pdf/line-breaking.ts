/**
 * Greedy line breaking for text in mixed styles. pdfkit's own wrapper breaks
 * each differently styled fragment on its own, so "at **14:00**, and" could
 * break between "14:00" and its comma; here a word is whatever lies between
 * spaces, whatever its styles, and lines are measured exactly, which also
 * lets the layout keep blocks together.
 */
import type { FaceName } from './fonts.js';
import type { TextRun } from './markdown-blocks.js';

export interface LineSegment {
  text: string;
  face: FaceName;
  width: number;
}

export interface TextLine {
  segments: LineSegment[];
  width: number;
}

export type MeasureText = (text: string, face: FaceName) => number;

interface Piece {
  text: string;
  face: FaceName;
  space: boolean;
}

function faceOf(run: Pick<TextRun, 'bold' | 'italic'>): FaceName {
  if (run.bold && run.italic) return 'boldItalic';
  if (run.bold) return 'bold';
  if (run.italic) return 'italic';
  return 'regular';
}

/** Splits runs into words, spaces and forced line breaks ("\n"). */
function splitPieces(runs: readonly TextRun[]): (Piece | 'break')[] {
  const pieces: (Piece | 'break')[] = [];
  for (const run of runs) {
    const face = faceOf(run);
    for (const part of run.text.split(/(\n|[ \t]+)/)) {
      if (part === '') continue;
      if (part === '\n') pieces.push('break');
      else if (/^[ \t]+$/.test(part)) pieces.push({ text: ' ', face, space: true });
      else pieces.push({ text: part, face, space: false });
    }
  }
  return pieces;
}

/** Groups pieces into words: neighbouring non-space pieces of any style belong together. */
function groupWords(pieces: readonly (Piece | 'break')[]): (Piece[] | 'break' | Piece)[] {
  const words: (Piece[] | 'break' | Piece)[] = [];
  let current: Piece[] = [];
  const flush = (): void => {
    if (current.length > 0) words.push(current);
    current = [];
  };
  for (const piece of pieces) {
    if (piece === 'break') {
      flush();
      words.push('break');
    } else if (piece.space) {
      flush();
      const previous = words[words.length - 1];
      if (!(previous && previous !== 'break' && !Array.isArray(previous))) words.push(piece);
    } else {
      current.push(piece);
    }
  }
  flush();
  return words;
}

class LineBuilder {
  readonly lines: TextLine[] = [];
  private segments: LineSegment[] = [];
  private width = 0;

  constructor(private readonly measure: MeasureText) {}

  get isEmpty(): boolean {
    return this.segments.length === 0;
  }

  get currentWidth(): number {
    return this.width;
  }

  /**
   * How much wider the line grows with `text` appended: measured, like the
   * rest of its segment, as one shaped string, which is how drawTextLine
   * draws a segment, kerning between its characters included.
   */
  widthOf(text: string, face: FaceName): number {
    const last = this.segments[this.segments.length - 1];
    return last && last.face === face ? this.measure(last.text + text, face) - last.width : this.measure(text, face);
  }

  append(text: string, face: FaceName, width = this.measure(text, face)): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.face === face) {
      last.text += text;
      last.width += width;
    } else {
      this.segments.push({ text, face, width });
    }
    this.width += width;
  }

  finishLine(): void {
    const last = this.segments[this.segments.length - 1];
    // A space before a forced break or at the end of the text ends no word
    // (unlike the space at a wrap, see wrapAtSpace): it is dropped, so that it
    // is not measured either.
    if (last && last.text.endsWith(' ')) {
      last.text = last.text.slice(0, -1);
      const trimmed = this.measure(last.text, last.face);
      this.width -= last.width - trimmed;
      last.width = trimmed;
      if (last.text === '') this.segments.pop();
    }
    this.lines.push({ segments: this.segments, width: this.width });
    this.segments = [];
    this.width = 0;
  }

  /**
   * Ends the line at the space between two words. The space is kept at the
   * end of the line's text, so that text extraction and the structure tree
   * read "two words" rather than "twowords", but it is given no width: it is
   * invisible, and the line must measure (and so be laid out) as before.
   */
  wrapAtSpace(face: FaceName): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.face === face) last.text += ' ';
    else this.segments.push({ text: ' ', face, width: 0 });
    this.lines.push({ segments: this.segments, width: this.width });
    this.segments = [];
    this.width = 0;
  }
}

/** Breaks `runs` into lines no wider than `maxWidth`. */
export function breakLines(runs: readonly TextRun[], maxWidth: number, measure: MeasureText): TextLine[] {
  const builder = new LineBuilder(measure);
  let pendingSpace: FaceName | undefined;
  for (const word of groupWords(splitPieces(runs))) {
    if (word === 'break') {
      builder.finishLine();
      pendingSpace = undefined;
      continue;
    }
    if (!Array.isArray(word)) {
      if (!builder.isEmpty) pendingSpace = word.face;
      continue;
    }
    const wordWidth = word.reduce((sum, piece) => sum + measure(piece.text, piece.face), 0);
    const spaceWidth = pendingSpace ? measure(' ', pendingSpace) : 0;
    const fitsOnLine = builder.currentWidth + spaceWidth + wordWidth <= maxWidth;
    // Only a word that does not fit is looked into, so a paragraph's other words cost nothing more.
    if (!fitsOnLine && appendHyphenatedWord(builder, word, pendingSpace, maxWidth, measure)) {
      pendingSpace = undefined;
      continue;
    }
    if (wordWidth > maxWidth) {
      appendLongWord(builder, word, pendingSpace, maxWidth, measure);
      pendingSpace = undefined;
      continue;
    }
    if (!builder.isEmpty && !fitsOnLine) {
      if (pendingSpace) builder.wrapAtSpace(pendingSpace);
      else builder.finishLine();
      pendingSpace = undefined;
    }
    if (pendingSpace && !builder.isEmpty) builder.append(' ', pendingSpace, spaceWidth);
    pendingSpace = undefined;
    for (const piece of word) builder.append(piece.text, piece.face);
  }
  if (!builder.isEmpty || builder.lines.length === 0) builder.finishLine();
  return builder.lines;
}

/**
 * The width of the widest piece of `runs` that breakLines cannot divide
 * except between characters: a word, or a part of one between the places
 * it may break (a hyphen in prose, an address's slashes and dots, an
 * underscore). A table column narrower than this breaks a name such as
 * "Featherstonehaugh" in two, so the layout widens it when it can.
 */
export function widestUnbreakable(runs: readonly TextRun[], measure: MeasureText): number {
  let widest = 0;
  for (const word of groupWords(splitPieces(runs))) {
    if (word === 'break' || !Array.isArray(word)) continue;
    const characters = charactersOf(word);
    const parts = looksLikeAddress(characters) ? splitAtBreakPoints(characters) : splitAt(characters, (_before, _after, at) => isWordBreak(characters, at));
    for (const part of parts) {
      for (const piece of splitAt(part, isWeakBreak)) widest = Math.max(widest, facesOf(piece).reduce((sum, run) => sum + measure(run.text, run.face), 0));
    }
  }
  return widest;
}

interface StyledCharacter {
  character: string;
  face: FaceName;
}

/** Characters that belong to the end of what comes before them: a comma, a full stop, a closing bracket or quote. */
const TRAILING_PUNCTUATION = /^[\p{Pe}\p{Pf}\p{Po}]+$/u;
/** What is not left alone at the start of a line when a word is broken between characters: trailing punctuation, or the hyphen or dash a part ends with. */
const ENDS_A_WORD = /^[\p{Pe}\p{Pf}\p{Po}\p{Pd}]+$/u;

/**
 * A word wider than the line: a web or e-mail address, mostly. It is broken
 * where an address reads as going on, as style guides break URLs: after a
 * slash or backslash (not between the two of "//" or "\\") or an equals
 * sign, before a full stop, "?", "&", "#", "@" or a hyphen. So
 * "https://example.org/" ends a line and "meetup-join/…" starts the next,
 * rather than "https://exam" and "ple.org/…", and "?id=" stays with its
 * key. A hyphen starts a line rather than ending one: one at a line's end
 * reads as a word broken in two, and text extraction takes it so
 * (pdftotext joined "childrens-" and "services" as "childrensservices").
 * Nothing is added at a break, so the address copied or extracted from the
 * PDF is the address.
 * Each line takes as many of the parts as fit, the first on the line the
 * word starts; a part still wider than a line (a long folder name, a meeting
 * id) is broken in the same way at the weaker points of appendWidePart, and
 * only what is wider still between characters (appendCharacters). A word
 * with nowhere to break starts a line of its own.
 */
function appendLongWord(builder: LineBuilder, word: readonly Piece[], spaceBefore: FaceName | undefined, maxWidth: number, measure: MeasureText): void {
  // `domainAt`: the part that starts a line, that of an e-mail address's "@" when its domain is wider than a line.
  const { parts, domainAt } = splitEmailDomain(splitAtBreakPoints(charactersOf(word)), maxWidth, measure);
  appendParts(builder, parts, spaceBefore, domainAt, maxWidth, measure);
}

function charactersOf(word: readonly Piece[]): StyledCharacter[] {
  return word.flatMap((piece) => [...piece.text].map((character) => ({ character, face: piece.face })));
}

/**
 * A word of prose that does not fit on the line, with a hyphen, a dash or
 * a slash inside it ("line-management", "his/her", "care—and"), is broken
 * after it, as a reader expects and as typesetters do: "line-" ends the
 * line and "management" starts the next, rather than the whole word
 * leaving the line short, or (in a narrow table cell) "self" ending a line
 * and "-neglect" starting one. Returns false, appending nothing, for a word
 * with no such break: it goes on as before, whole, or broken as a long
 * word. An address is left to appendLongWord, whose breaks keep it whole
 * on a line it fits and read as an address going on where it does not.
 */
function appendHyphenatedWord(builder: LineBuilder, word: readonly Piece[], spaceBefore: FaceName | undefined, maxWidth: number, measure: MeasureText): boolean {
  const characters = charactersOf(word);
  if (looksLikeAddress(characters)) return false;
  const parts = splitAt(characters, (_before, _after, at) => isWordBreak(characters, at));
  if (parts.length < 2) return false;
  appendParts(builder, parts, spaceBefore, -1, maxWidth, measure);
  return true;
}

/** A web or e-mail address, a domain or a file path: "@", "://", a backslash, or a full stop between letters or digits ("north-shire.gov.uk/…"). */
function looksLikeAddress(characters: readonly StyledCharacter[]): boolean {
  return characters.some(({ character }, at) => {
    if (character === '@' || character === '\\') return true;
    if (character === ':') return characters[at + 1]?.character === '/' && characters[at + 2]?.character === '/';
    return character === '.' && isLetterOrDigit(characters[at - 1]?.character) && isLetterOrDigit(characters[at + 1]?.character);
  });
}

/** Hyphens and dashes a word may break after: hyphen-minus, hyphen, en and em dash (not the non-breaking hyphen). */
const WORD_BREAK_AFTER = new Set(['-', '\u2010', '\u2013', '\u2014', '/']);

/**
 * Whether a word of prose may break before its character `at`: just after
 * a hyphen, dash or slash with two letters or digits before it and two
 * letters after it. So never before a hyphen, nor inside "2027-03-01",
 * "14:00-15:00", "24/7" or "COVID-19" (a digit follows), nor in "--", nor
 * after a single letter ("e-mail", "x-ray", "s/he"), nor leaving two
 * letters alone.
 */
function isWordBreak(characters: readonly StyledCharacter[], at: number): boolean {
  const mark = characters[at - 1]?.character;
  if (mark === undefined || !WORD_BREAK_AFTER.has(mark)) return false;
  const letter = (offset: number): boolean => /^\p{L}$/u.test(characters[at + offset]?.character ?? '');
  return isLetterOrDigit(characters[at - 2]?.character) && isLetterOrDigit(characters[at - 3]?.character) && letter(0) && letter(1);
}

function isLetterOrDigit(character: string | undefined): boolean {
  return character !== undefined && /^[\p{L}\p{N}]$/u.test(character);
}

/**
 * Appends a word's parts (see appendLongWord and appendHyphenatedWord): each
 * line takes as many as fit, the first on the line the word starts.
 */
function appendParts(builder: LineBuilder, parts: readonly StyledCharacter[][], spaceBefore: FaceName | undefined, domainAt: number, maxWidth: number, measure: MeasureText): void {
  const fits = (part: readonly StyledCharacter[]): boolean => widthWith(builder, part, measure) <= maxWidth;
  parts.forEach((part, index) => {
    if (index === domainAt && !builder.isEmpty) builder.finishLine();
    if (index === 0 && spaceBefore !== undefined) {
      // After the space, if the first part fits there; otherwise the space ends the line (see wrapAtSpace).
      if (parts.length > 1 && fits([{ character: ' ', face: spaceBefore }, ...part])) {
        builder.append(' ', spaceBefore, builder.widthOf(' ', spaceBefore));
        appendRuns(builder, part);
        return;
      }
      builder.wrapAtSpace(spaceBefore);
    } else if (!builder.isEmpty) {
      if (fits(part)) {
        appendRuns(builder, part);
        return;
      }
      builder.finishLine();
    }
    if (fits(part)) appendRuns(builder, part);
    else appendWidePart(builder, part, maxWidth, measure);
  });
}

/**
 * An e-mail address is broken before its "@": "…featherstonehaugh" and
 * "@rbkc-westminster-childrens-services.example.org" rather than
 * "…featherstonehaugh@rbkc" and "-westminster-…", where a reader could take
 * "@rbkc" for the end of the address. The parts from the "@" on are joined
 * into one if that fits a line, so they go on this line or the next whole;
 * otherwise they start a line (domainAt) and break as any address does. A
 * web address (with a "/") is left as it is.
 */
function splitEmailDomain(parts: StyledCharacter[][], maxWidth: number, measure: MeasureText): { parts: StyledCharacter[][]; domainAt: number } {
  const at = parts.findIndex((part) => part[0]?.character === '@');
  if (at <= 0 || parts.some((part) => part.some(({ character }) => character === '/'))) return { parts, domainAt: -1 };
  const domain = parts.slice(at).flat();
  const width = facesOf(domain).reduce((sum, run) => sum + measure(run.text, run.face), 0);
  return width <= maxWidth ? { parts: [...parts.slice(0, at), domain], domainAt: -1 } : { parts, domainAt: at };
}

/**
 * A part of a long word that is wider than a line by itself, such as
 * "Children_and_Families_East_Locality_Team" or "SafeguardingSupervisionRecords",
 * is broken after an underscore, before a percent escape ("%20") or where
 * a lower-case letter meets a capital, rather than wherever the line
 * happens to end; each line again takes as many of these pieces as fit.
 * Only a piece wider than a line is broken between characters.
 */
function appendWidePart(builder: LineBuilder, part: readonly StyledCharacter[], maxWidth: number, measure: MeasureText): void {
  const fits = (piece: readonly StyledCharacter[]): boolean => widthWith(builder, piece, measure) <= maxWidth;
  for (const piece of splitAt(part, isWeakBreak)) {
    if (!builder.isEmpty && !fits(piece)) builder.finishLine();
    if (fits(piece)) appendRuns(builder, piece);
    else appendCharacters(builder, piece, maxWidth, measure);
  }
}

/** Appends characters to the line, each face's run measured as drawn. */
function appendRuns(builder: LineBuilder, characters: readonly StyledCharacter[]): void {
  for (const run of facesOf(characters)) builder.append(run.text, run.face, builder.widthOf(run.text, run.face));
}

/** Characters after which a long word may break (see appendLongWord). */
const BREAK_AFTER = new Set(['/', '\\', '=']);
/** Characters before which a long word may break. */
const BREAK_BEFORE = new Set(['.', '?', '&', '#', '@', '-']);

function isBreak(before: string, after: string): boolean {
  return BREAK_AFTER.has(before) || BREAK_BEFORE.has(after);
}

/** The weaker break points, used only inside a part wider than a line (see appendWidePart). */
function isWeakBreak(before: string, after: string): boolean {
  return before === '_' || after === '%' || (/^\p{Ll}$/u.test(before) && /^\p{Lu}$/u.test(after));
}

/**
 * The word in the parts between its break points (see appendLongWord). No
 * break is made inside a run of the same character ("//", "--"), nor before
 * punctuation that ends the word ("…/agenda." keeps its full stop).
 */
function splitAtBreakPoints(characters: readonly StyledCharacter[]): StyledCharacter[][] {
  return splitAt(characters, isBreak);
}

/** `characters` split wherever `breaksBetween` allows, except as splitAtBreakPoints says. */
function splitAt(characters: readonly StyledCharacter[], breaksBetween: (before: string, after: string, at: number) => boolean): StyledCharacter[][] {
  let end = characters.length;
  while (end > 0 && TRAILING_PUNCTUATION.test(characters[end - 1]!.character)) end--;
  const parts: StyledCharacter[][] = [];
  let start = 0;
  for (let at = 1; at < end; at++) {
    const before = characters[at - 1]!.character;
    const after = characters[at]!.character;
    if (before === after || !breaksBetween(before, after, at)) continue;
    parts.push(characters.slice(start, at));
    start = at;
  }
  parts.push(characters.slice(start));
  return parts;
}

/**
 * Breaks characters between any two, from the end of the current line. Each
 * line holds as many as fit measured as drawn (see `widthOf`): summing the
 * characters' own widths left out kerning, and 61 capital As, which kern
 * apart in DejaVu Sans, ran 18 pt past the margin. Punctuation that ends the
 * word is not left alone at the start of a line.
 */
function appendCharacters(builder: LineBuilder, characters: readonly StyledCharacter[], maxWidth: number, measure: MeasureText): void {
  let at = 0;
  while (at < characters.length) {
    let count = fittingCharacters(builder, characters, at, maxWidth, measure);
    const rest = characters.slice(at + count).map(({ character }) => character).join('');
    if (rest !== '' && ENDS_A_WORD.test(rest) && count > (builder.isEmpty ? 1 : 0)) count--;
    // A character wider than the line still has to go somewhere.
    if (count === 0 && builder.isEmpty) count = 1;
    for (const run of facesOf(characters.slice(at, at + count))) builder.append(run.text, run.face, builder.widthOf(run.text, run.face));
    at += count;
    if (at < characters.length) builder.finishLine();
  }
}

/**
 * How many of `characters`, from `from`, fit on the line. The characters'
 * own widths give a first guess, close enough that measuring the line as
 * drawn then moves it by a character or two, rather than shaping every
 * longer prefix of the word.
 */
function fittingCharacters(builder: LineBuilder, characters: readonly StyledCharacter[], from: number, maxWidth: number, measure: MeasureText): number {
  let count = 0;
  let guess = builder.currentWidth;
  while (from + count < characters.length) {
    const { character, face } = characters[from + count]!;
    guess += measure(character, face);
    if (guess > maxWidth) break;
    count++;
  }
  const fits = (n: number): boolean => n === 0 || widthWith(builder, characters.slice(from, from + n), measure) <= maxWidth;
  while (!fits(count)) count--;
  while (from + count < characters.length && fits(count + 1)) count++;
  return count;
}

/** The line's width with `characters` appended, each face's run measured as drawn. */
function widthWith(builder: LineBuilder, characters: readonly StyledCharacter[], measure: MeasureText): number {
  let width = builder.currentWidth;
  facesOf(characters).forEach((run, index) => {
    // Only the first run can join the line's last segment; the others follow a change of face.
    width += index === 0 ? builder.widthOf(run.text, run.face) : measure(run.text, run.face);
  });
  return width;
}

/** Neighbouring characters of the same face, joined. */
function facesOf(characters: readonly StyledCharacter[]): { text: string; face: FaceName }[] {
  const runs: { text: string; face: FaceName }[] = [];
  for (const { character, face } of characters) {
    const last = runs[runs.length - 1];
    if (last && last.face === face) last.text += character;
    else runs.push({ text: character, face });
  }
  return runs;
}
