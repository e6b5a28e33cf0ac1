/**
 * Pasting a paragraph of several lines into a one-line answer. Each line
 * break would reach the prompt as Enter: the first line became the answer
 * and the rest fell between prompts, lost without a word. With bracketed
 * paste (which terminals wrap a paste in, once asked to), the line breaks of
 * a paste become spaces, so the whole paragraph is the answer and Enter,
 * pressed by the person, still ends it. Terminals without bracketed paste
 * send a paste as typed keys: each line answers a question in turn, kept
 * for it until it is asked (prompt-input.ts).
 */

const pasteStart = '\u001b[200~';
const pasteEnd = '\u001b[201~';
/** Asks the terminal to mark pastes, and to stop. */
export const bracketedPasteOn = '\u001b[?2004h';
export const bracketedPasteOff = '\u001b[?2004l';

export interface PasteState {
  pasting: boolean;
  /** The start of a marker cut in two by a read, kept for the next. */
  held: string;
  /** The paste so far ends in a line break (already a space), which the next read may go on. */
  afterBreak: boolean;
}

export function createPasteState(): PasteState {
  return { pasting: false, held: '', afterBreak: false };
}

/**
 * The input as the prompt should see it: markers removed, and within a
 * paste every line break (and the spaces around it) one space, a tab a space.
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
    state.pasting = !state.pasting;
    state.afterBreak = false;
  }
}

function flatten(state: PasteState, text: string): string {
  // A CR at the end of one read and its LF at the start of the next are one line break.
  const body = state.afterBreak ? text.replace(/^[ \t\r\n]+/, '') : text;
  if (body === '') return '';
  state.afterBreak = /[\r\n][ \t\r\n]*$/.test(body);
  return body.replace(/[ \t]*[\r\n]+[ \t\r\n]*/g, ' ').replaceAll('\t', ' ');
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
