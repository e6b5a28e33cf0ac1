/**
 * The first syntax error of a JSON text, in JSON's own terms. Rosters and
 * answers written as JSON are read by the YAML parser (JSON is YAML), which
 * describes a missing comma as "Block collections are not allowed within flow
 * collections": true of YAML, and no help to someone who wrote JSON. This
 * scanner is asked only once that parser has refused the text, so that it
 * names the mistake the JSON way ("missing comma", "unexpected }") at the
 * place to mend it.
 */

export interface JsonSyntaxError {
  /** Where to look, as an index into the text. */
  offset: number;
  message: string;
}

/**
 * Whether a text is meant as JSON: named .json, or starting (past blanks and a byte-order mark) with `{"`,
 * as JSON saved under another name does. A YAML flow mapping (`{agency: x}`) has no quote there.
 */
export function looksLikeJson(text: string, file: string): boolean {
  return /\.json$/i.test(file) || /^[\uFEFF\s]*\{\s*"/.test(text);
}

/** The first syntax error of `text` read as JSON, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    new JsonScanner(text).scanDocument();
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxFailure) return { offset: error.offset, message: error.message };
    throw error;
  }
}

class JsonSyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** An object or array not yet closed, for "the { opened at line 3 is never closed". */
interface Opened {
  bracket: '{' | '[';
  offset: number;
}

const closing = { '{': '}', '[': ']' } as const;

/** Deeper than this, the scanner (which recurses) stops: far past any roster, far short of the stack's limit. */
const maxDepth = 1000;

class JsonScanner {
  private position = 0;
  private readonly open: Opened[] = [];

  constructor(private readonly text: string) {}

  scanDocument(): void {
    this.skipBlanks();
    if (this.text.charCodeAt(this.position) === 0xfeff) this.position += 1;
    this.skipBlanks();
    if (this.atEnd()) throw this.fail(this.position, 'the file is empty: a JSON file holds one value, here an object in { }');
    this.scanValue('the file');
    this.skipBlanks();
    if (!this.atEnd()) {
      const char = this.text[this.position]!;
      if (isCommentStart(char)) throw this.fail(this.position, commentMessage);
      const extra = char === '}' || char === ']' ? ` (one ${char} too many): remove it` : ': remove it, or put it inside the { } it belongs to';
      throw this.fail(this.position, `unexpected ${describeChar(char)} after the end of the JSON${extra}`);
    }
  }

  private scanValue(after: string): void {
    this.skipBlanks();
    const char = this.text[this.position];
    if (char === undefined) throw this.unclosed();
    if (char === '{') return this.scanObject();
    if (char === '[') return this.scanArray();
    if (char === '"') return this.scanString();
    if (char === '-' || isDigit(char)) return this.scanNumber();
    if (char === "'") throw this.fail(this.position, "single quotes are not JSON: write text in double quotes (\"like this\")");
    if (char === ',') throw this.fail(this.position, `unexpected , (comma): a value is missing after ${after}`);
    if (isCommentStart(char)) throw this.fail(this.position, commentMessage);
    if (char === '}' || char === ']') {
      const trailing = this.previousSignificant() === ',';
      throw this.fail(
        this.position,
        trailing
          ? `unexpected ${char}: JSON allows no comma after the last item; remove the comma before it`
          : `unexpected ${char}: a value is missing after ${after}`,
      );
    }
    const word = /^[A-Za-z_][\w.-]*/.exec(this.text.slice(this.position))?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.position += word.length;
      return;
    }
    if (word !== undefined) {
      const yesOrNo = /^(yes|no|y|n|on|off)$/i.test(word) ? `; a yes or no answer is written true or false` : '';
      throw this.fail(this.position, `unexpected ${word}: text must be in double quotes ("${word}")${yesOrNo}`);
    }
    throw this.fail(this.position, `unexpected ${describeChar(char)}: a value (text in double quotes, a number, true, false, null, { } or [ ]) is expected here`);
  }

  /** Opens an object or array, refusing a nesting no answers file needs (and which would exhaust the stack). */
  private opening(bracket: '{' | '['): void {
    if (this.open.length >= maxDepth) throw this.fail(this.position, `the { } and [ ] here are nested more than ${maxDepth} deep; answers need a few levels at most`);
    this.open.push({ bracket, offset: this.position });
  }

  private scanObject(): void {
    this.opening('{');
    this.position += 1;
    this.skipBlanks();
    if (this.text[this.position] === '}') {
      this.position += 1;
      this.open.pop();
      return;
    }
    for (;;) {
      this.skipBlanks();
      const key = this.scanKey();
      this.skipBlanks();
      if (this.text[this.position] !== ':') {
        if (this.atEnd()) throw this.unclosed();
        throw this.fail(this.position, `missing : (colon) after the key "${key}"`);
      }
      this.position += 1;
      this.scanValue(`the key "${key}"`);
      if (this.scanSeparator('}')) return;
    }
  }

  private scanKey(): string {
    const char = this.text[this.position];
    if (char === undefined) throw this.unclosed();
    if (char === '"') {
      const start = this.position;
      this.scanString();
      return this.text.slice(start + 1, this.position - 1);
    }
    if (char === "'") throw this.fail(this.position, 'single quotes are not JSON: write the key in double quotes ("like this")');
    if (char === '}' && this.previousSignificant() === ',') {
      throw this.fail(this.position, 'unexpected }: JSON allows no comma after the last item; remove the comma before it');
    }
    if (isCommentStart(char)) throw this.fail(this.position, commentMessage);
    const word = /^[A-Za-z_$][\w$-]*/.exec(this.text.slice(this.position))?.[0];
    if (word !== undefined) throw this.fail(this.position, `the key ${word} must be in double quotes: "${word}"`);
    throw this.fail(this.position, `unexpected ${describeChar(char)}: a key in double quotes is expected here`);
  }

  private scanArray(): void {
    this.opening('[');
    this.position += 1;
    this.skipBlanks();
    if (this.text[this.position] === ']') {
      this.position += 1;
      this.open.pop();
      return;
    }
    for (;;) {
      this.scanValue('the [');
      if (this.scanSeparator(']')) return;
    }
  }

  /** After an item: a comma (false, another item follows) or the closing bracket (true). */
  private scanSeparator(close: '}' | ']'): boolean {
    const itemEnd = this.position;
    this.skipBlanks();
    const char = this.text[this.position];
    if (char === ',') {
      this.position += 1;
      return false;
    }
    if (char === close) {
      this.position += 1;
      this.open.pop();
      return true;
    }
    if (char === undefined) throw this.unclosed();
    if (char === '}' || char === ']') {
      const opened = this.open[this.open.length - 1]!;
      throw this.fail(this.position, `unexpected ${char}: the ${opened.bracket} opened at ${this.describePlace(opened.offset)} must be closed with ${close} first (or this ${char} is one too many)`);
    }
    if (isCommentStart(char)) throw this.fail(this.position, commentMessage);
    // The comma belongs just after the item, which is where the caret goes, with where the next one starts.
    const nextLine = this.text.slice(itemEnd, this.position).includes('\n') ? ` (on ${this.describePlace(this.position).replace(/, column \d+$/, '')})` : '';
    throw this.fail(itemEnd, `missing comma: add a , after this item, before the next one${nextLine}`);
  }

  private scanString(): void {
    const start = this.position;
    this.position += 1;
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined || char === '\n' || char === '\r') {
        throw this.fail(start, 'the text that starts here is never closed: add the closing " where it ends (on the same line: a line break inside it is written \\n)');
      }
      if (char === '"') {
        this.position += 1;
        return;
      }
      if (char === '\\') {
        const escape = this.text[this.position + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.position + 2, this.position + 6))) {
            throw this.fail(this.position, '\\u must be followed by four hex digits (\\u00e9); write \\\\ for a backslash');
          }
          this.position += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          throw this.fail(this.position, `\\${escape ?? ''} is not an escape JSON knows: write \\\\ for a backslash (C:\\\\Users), or \\n, \\t, \\"`);
        }
        this.position += 2;
        continue;
      }
      if (char < ' ') throw this.fail(this.position, 'a tab or other control character inside text must be escaped (\\t for a tab)');
      this.position += 1;
    }
  }

  private scanNumber(): void {
    // Everything up to the next separator, so that a date (2026-12-01) or 1,5's "1" is judged whole.
    const written = /^[-+\w.:]*/.exec(this.text.slice(this.position))![0];
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(written)) throw this.fail(this.position, describeBadNumber(written));
    this.position += written.length;
  }

  /** The innermost open bracket never closed, at the end of the text. */
  private unclosed(): JsonSyntaxFailure {
    const opened = this.open[this.open.length - 1];
    if (!opened) return this.fail(this.position, 'the file ends where a value was expected');
    return this.fail(opened.offset, `the ${opened.bracket} that opens here is never closed: add ${closing[opened.bracket]} where it ends`);
  }

  private skipBlanks(): void {
    while (this.position < this.text.length && ' \t\n\r'.includes(this.text[this.position]!)) this.position += 1;
  }

  private previousSignificant(): string | undefined {
    let index = this.position - 1;
    while (index >= 0 && ' \t\n\r'.includes(this.text[index]!)) index -= 1;
    return this.text[index];
  }

  private atEnd(): boolean {
    return this.position >= this.text.length;
  }

  /** "line 3, column 5", for a place named in a message (the location itself is the error's). */
  private describePlace(offset: number): string {
    const before = this.text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return `line ${line}, column ${column}`;
  }

  private fail(offset: number, message: string): JsonSyntaxFailure {
    return new JsonSyntaxFailure(offset, message);
  }
}

const commentMessage = 'JSON has no comments: remove this one (or write the file as YAML, where a comment starts with #)';

function isCommentStart(char: string): boolean {
  return char === '/' || char === '#';
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function describeChar(char: string): string {
  if (char === ',') return ', (comma)';
  if (char === ':') return ': (colon)';
  return /\s/.test(char) || char < ' ' ? `character U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : char;
}

/** A number JSON cannot read: a spreadsheet's 012345 (a code with its leading zero), a date or time not in quotes, 1. or 1.5.2. */
function describeBadNumber(written: string): string {
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(written) || /^\d{1,2}:\d{2}$/.test(written)) return `${written} must be in double quotes ("${written}"): JSON has no dates or times, only text`;
  if (/^-?0\d+$/.test(written)) return `${written} is not a JSON number (no leading zero): if it is a code or a phone number, put it in double quotes ("${written}")`;
  return `${written} is not a JSON number: write it as 12, 1.5 or -3, or put it in double quotes as text`;
}
