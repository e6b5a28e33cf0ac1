/**
 * Pasting a paragraph of several lines into a one-line answer. Each line
 * break would reach the prompt as Enter: the first line became the answer
 * and the rest fell between prompts, lost without a word. With bracketed
 * paste (which terminals wrap a paste in, once asked to), the line breaks of
 * a paste are taken out of it, so the whole paste is the answer and Enter,
 * pressed by the person, still ends it. Each break inside the paste is left
 * as a mark, `lineBreakMark` or, for a blank line between paragraphs,
 * `paragraphBreakMark`, which the reader (prompt-input.ts) turns into what
 * the question takes: a space, or a paragraph kept. Terminals without
 * bracketed paste send a paste as typed keys: each line answers a question
 * in turn, kept for it until it is asked (prompt-input.ts).
 */

/** A line break inside a paste (Unicode's LINE SEPARATOR, which no terminal sends as a key). */
export const lineBreakMark = '\u2028';
/** A blank line (or several) inside a paste: the end of a paragraph (Unicode's PARAGRAPH SEPARATOR). */
export const paragraphBreakMark = '\u2029';

const pasteStart = '\u001b[200~';
const pasteEnd = '\u001b[201~';
/** Asks the terminal to mark pastes, and to stop. */
export const bracketedPasteOn = '\u001b[?2004h';
export const bracketedPasteOff = '\u001b[?2004l';

export interface PasteState {
  pasting: boolean;
  /** The start of a marker cut in two by a read, kept for the next. */
  held: string;
  /** Whether any text of the paste has been given yet: a break before it is only space. */
  started: boolean;
  /** Line breaks since the last text of the paste, not yet given: what they are depends on what follows. */
  breaks: number;
  /** The last character was a carriage return, whose line feed (in this read or the next) is the same break. */
  afterReturn: boolean;
  /** Spaces and tabs since the last text, not yet given: dropped around a break, kept (as spaces) between words. */
  spaces: string;
}

export function createPasteState(): PasteState {
  return { pasting: false, held: '', started: false, breaks: 0, afterReturn: false, spaces: '' };
}

/**
 * The input as the prompt should see it: markers removed, and within a
 * paste every line break (and the spaces around it) one mark, a blank line
 * one paragraph mark, a tab a space. A break at the start or the end of a
 * paste (a line copied with its line break) is a space: it splits nothing.
 */
export function joinPastedLines(state: PasteState, chunk: string): string {
  let text = state.held + chunk;
  state.held = '';
  let out = '';
  for (;;) {
    const marker = state.pasting ? pasteEnd : pasteStart;
    const at = text.indexOf(marker);
    if (at === -1) {
      const cut = partialMarkerAt(text, marker);
      if (cut !== -1) state.held = text.slice(cut);
      const body = cut === -1 ? text : text.slice(0, cut);
      return out + (state.pasting ? flatten(state, body) : body);
    }
    const body = text.slice(0, at);
    out += state.pasting ? flatten(state, body) : body;
    text = text.slice(at + marker.length);
    if (state.pasting) out += endPaste(state);
    state.pasting = !state.pasting;
  }
}

/** The text of a paste, its breaks made marks; what ends a read undecided (spaces, breaks) waits for the next. */
function flatten(state: PasteState, text: string): string {
  let out = '';
  for (const character of text) {
    if (character === '\r' || character === '\n') {
      // A CR and its LF, in this read or the next, are one line break.
      if (!(character === '\n' && state.afterReturn)) state.breaks += 1;
      state.afterReturn = character === '\r';
      state.spaces = '';
      continue;
    }
    state.afterReturn = false;
    if (character === ' ' || character === '\t') {
      if (state.breaks === 0) state.spaces += ' ';
      continue;
    }
    if (state.breaks > 0) out += state.started ? (state.breaks > 1 ? paragraphBreakMark : lineBreakMark) : ' ';
    else out += state.spaces;
    state.breaks = 0;
    state.spaces = '';
    state.started = true;
    out += character;
  }
  return out;
}

/** What a paste's end gives of what was waiting: a break there is a space, as are spaces. */
function endPaste(state: PasteState): string {
  const out = state.breaks > 0 ? ' ' : state.spaces;
  Object.assign(state, { started: false, breaks: 0, afterReturn: false, spaces: '' });
  return out;
}

/**
 * Where the text ends with the beginning of a marker, at least `ESC [ 2`
 * of it: a bare Escape or an arrow key is never held back.
 */
function partialMarkerAt(text: string, marker: string): number {
  for (let length = Math.min(marker.length - 1, text.length); length >= 3; length -= 1) {
    if (text.endsWith(marker.slice(0, length))) return text.length - length;
  }
  return -1;
}
