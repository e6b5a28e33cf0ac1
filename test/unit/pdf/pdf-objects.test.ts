import { describe, expect, it } from 'vitest';
import { pdfObjectText, writeIndirectObject } from '../../../src/render/pdf/pdf-objects.js';
import type { PdfDocumentInternals, PdfRef } from '../../../src/render/pdf/pdfkit-internals.js';
import { bareDocument } from './fixtures.js';

/** What writing one object with `data` (and a stream of `chunks`) hands the output, part by part. */
function written(write: (internals: PdfDocumentInternals, ref: PdfRef) => void, data: (internals: PdfDocumentInternals) => Record<string, unknown>, chunks: string[] = []): string[] {
  const { internals } = bareDocument({ compress: false });
  const ref = internals.ref(data(internals));
  for (const chunk of chunks) ref.write(chunk);
  const parts: string[] = [];
  internals._write = (part) => parts.push(typeof part === 'string' ? part : `<bytes ${Buffer.from(part).toString('latin1')}>`);
  write(internals, ref);
  return parts;
}

const byPdfkit = (_: PdfDocumentInternals, ref: PdfRef): void => ref.finalize();

/** The document's own name tree of destinations, with two entries. */
function nameTree(internals: PdfDocumentInternals): unknown {
  const tree = (internals._root.data.Names as PdfRef).data.Dests as { add(key: string, value: unknown): void };
  tree.add('second', [1, 'XYZ', null, null, null]);
  tree.add('first', internals.ref({ Type: 'Page' }));
  return tree;
}

class Fields {
  readonly Type = 'Thing';
  readonly Count = 2;
}

describe('writeIndirectObject', () => {
  const cases: [string, (internals: PdfDocumentInternals) => Record<string, unknown>][] = [
    ['names, numbers, booleans and null', () => ({ Type: 'Page', Rotate: 0, Width: 595.2756, Tiny: 1e-7, Negative: -12.3456789, Big: 123456789012, Open: true, Closed: false, Nothing: null })],
    ['undefined: left out of a dictionary, null in an array', () => ({ Gone: undefined, Items: [1, undefined, 'Name'] })],
    ['nested arrays and dictionaries, and empty ones', () => ({ K: [{ Type: 'MCR', MCID: 3 }, [0, [1, 2]], {}, []], Empty: {} })],
    ['ASCII text strings with the characters PDF escapes', () => ({ T: new String('Sign (here) \\ now\nthen\ttab\r\b\f') })],
    ['text strings outside ASCII, whose bytes include ( ) \\ and newlines', () => ({ T: new String('Siân Ŵyn, Łukasz Żółć, Ĩ\u0128\u015c\u010a, Ζωή, Анна, 😀') })],
    ['bytes as a hex string', () => ({ ID: [new Uint8Array([0, 1, 0xab, 0xff]), Buffer.from('Zoë')] })],
    ['dates', () => ({ CreationDate: new Date('2026-12-01T09:05:07Z'), Early: new Date('0999-01-02T03:04:05Z') })],
    ['references and name trees', (internals) => ({ Parent: internals.ref({ Type: 'Pages' }), Dests: nameTree(internals) })],
    ['a dictionary with no prototype, and a class instance without text of its own', () => ({ Plain: Object.assign(Object.create(null) as object, { A: 1 }), Instance: new Fields() })],
  ];

  it.each(cases)('writes %s as pdfkit does', (_, data) => {
    expect(written(writeIndirectObject, data)).toEqual(written(byPdfkit, data));
  });

  it('writes a stream of several chunks as pdfkit does, with its length', () => {
    const data = (): Record<string, unknown> => ({ Type: 'XObject' });
    const ours = written(writeIndirectObject, data, ['BT', '/F1 11 Tf', 'ET']);
    expect(ours).toEqual(written(byPdfkit, data, ['BT', '/F1 11 Tf', 'ET']));
    expect(ours.join('\n')).toContain('/Length 16');
    expect(ours).toContain('<bytes BT\n/F1 11 Tf\nET\n>');
  });

  it('refuses a number PDF cannot write, as pdfkit does', () => {
    expect(() => pdfObjectText(1e21)).toThrow('unsupported number: 1e+21');
    expect(() => pdfObjectText(Number.NaN)).toThrow('unsupported number');
  });
});
