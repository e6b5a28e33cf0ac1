import { describe, expect, it } from 'vitest';
import { ContentBytes, encodePdfLine } from '../../../src/render/pdf/output.js';

// The bytes of each line of text drawn into a PDF are built here instead of as strings.
describe('ContentBytes', () => {
  it('gives the same bytes as encoding the same syntax as a string', () => {
    const bytes = new ContentBytes();
    bytes.ascii('1 0 0 1 ');
    bytes.number(72.5);
    bytes.ascii(' ');
    bytes.number(-0);
    bytes.ascii(' Tm\n[<0001002a> ');
    bytes.number(-12.345678);
    bytes.ascii('] TJ\n');
    expect(bytes.take()).toEqual(encodePdfLine('1 0 0 1 72.5 0 Tm\n[<0001002a> -12.345678] TJ'));
  });

  it('grows past its first block without losing what was written', () => {
    const bytes = new ContentBytes();
    const line = 'BT /F1 10 Tf ET\n';
    for (let count = 0; count < 1000; count++) bytes.ascii(line);
    expect(bytes.take().toString('latin1')).toBe(line.repeat(1000));
  });

  it('starts afresh after a take or a discard', () => {
    const bytes = new ContentBytes();
    bytes.ascii('q\n');
    bytes.take();
    bytes.ascii('left over');
    bytes.discard();
    bytes.ascii('Q\n');
    expect(bytes.take().toString('latin1')).toBe('Q\n');
  });
});
