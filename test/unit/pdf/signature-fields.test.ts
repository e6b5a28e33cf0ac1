import { describe, expect, it } from 'vitest';
import { addDateField, addSignatureField, prepareForm } from '../../../src/render/pdf/signature-fields.js';
import { findObjects, inflateStreams, inspectPdf, signatureLocks } from '../../support/inspect-pdf.js';
import { bareDocument } from './fixtures.js';

/** A bare pdfkit document with a signature and a date field for each of `ids`. */
function renderFields(ids: readonly string[] = ['supervisor']): Promise<Uint8Array> {
  const { doc, internals, bytes } = bareDocument();
  prepareForm(internals);
  ids.forEach((id, index) => {
    const y = 100 + index * 60;
    addSignatureField(internals, { name: `signature.${id}`, description: `Signature of ${id}`, rect: { x: 72, y, width: 200, height: 36 }, locks: [`date.${id}`] });
    addDateField(internals, { name: `date.${id}`, description: `Date signed by ${id}`, rect: { x: 300, y: y + 16, width: 120, height: 20 } });
  });
  doc.end();
  return bytes;
}

/** The characters the embedded subset can show: every target of the font's ToUnicode map. */
function subsetCharacters(bytes: Uint8Array): Set<string> {
  const cmap = inflateStreams(bytes).find((stream) => stream.includes('begincmap'));
  const characters = new Set<string>();
  // pdfkit writes one bfrange whose array lists each glyph's text: `[<0030> <0031> …]`.
  for (const [, list] of (cmap ?? '').matchAll(/\[([^\]]*)\]/g)) {
    for (const [, hex] of list!.matchAll(/<([0-9a-f]{4})>/gi)) characters.add(String.fromCharCode(Number.parseInt(hex!, 16)));
  }
  return characters;
}

describe('signature fields', () => {
  it('keeps in the font subset what a typed date needs, the months by name too', async () => {
    const characters = subsetCharacters(await renderFields());
    const missing = [...'1/2/2027 01.02.2027 1 February 2027 1 Feb 2027 30 June, 31 Aug, 1 Sept, 2 Oct, 3 Nov, 4 Dec, 5 Jan, 6 Mar, 7 Apr, 8 May, 9 Jul'].filter(
      (character) => character !== ' ' && !characters.has(character),
    );
    expect(missing).toEqual([]);
  });

  it('adds an unsigned /FT /Sig field and a text date field that readers list as fields', async () => {
    const bytes = await renderFields();
    const pdf = await inspectPdf(bytes);
    expect(pdf.fieldNames).toEqual(['date.supervisor', 'signature.supervisor']);
    const [signature, date] = pdf.pages[0]?.annotations ?? [];
    expect(signature).toMatchObject({ fieldType: 'Sig', fieldName: 'signature.supervisor' });
    expect(date).toMatchObject({ fieldType: 'Tx', fieldName: 'date.supervisor' });
    // pdfkit's coordinates run downwards; the PDF's upwards from the foot of the page.
    expect(signature?.rect.map(Math.round)).toEqual([72, 842 - 136, 272, 842 - 100]);
    const sig = findObjects(pdf.raw, /\/FT \/Sig/);
    expect(sig).toHaveLength(1);
    expect(sig[0]).not.toMatch(/\/V /); // unsigned: no signature value yet
  });

  it('has each signature lock its own signer\'s date once signed, through an indirect /SigFieldLock (ISO 32000-1, 12.7.4.5)', async () => {
    const { raw } = await inspectPdf(await renderFields(['supervisor', 'supervisee']));
    expect(signatureLocks(raw)).toEqual([
      ['supervisor', ['date.supervisor']],
      ['supervisee', ['date.supervisee']],
    ]);
  });

  it('gives every widget an appearance stream and leaves NeedAppearances out (PDF/A-2)', async () => {
    const { raw } = await inspectPdf(await renderFields());
    expect(raw).not.toContain('NeedAppearances');
    const widgets = findObjects(raw, /\/Subtype \/Widget/);
    expect(widgets).toHaveLength(2);
    for (const widget of widgets) {
      const appearance = /\/AP <<\n?\/N (\d+) 0 R/.exec(widget)?.[1];
      expect(appearance).toBeDefined();
      expect(findObjects(raw, new RegExp(`(^|\\n)${appearance} 0 obj\\s*<<[^]*?/Subtype /Form`))).toHaveLength(1);
    }
    expect(raw).toMatch(/\/Fields \[\d+ 0 R \d+ 0 R\]/);
  });

  it('stores each widget appearance as it is: a few bytes, which deflating would only lengthen', async () => {
    const { raw } = await inspectPdf(await renderFields());
    const appearances = findObjects(raw, /\/Subtype \/Form/);
    expect(appearances).toHaveLength(2);
    for (const appearance of appearances) expect(appearance.split('stream')[0]).not.toContain('/Filter');
    const streams = appearances.map((appearance) => /stream\n([^]*)\nendstream/.exec(appearance)?.[1]);
    expect(streams.sort()).toEqual(['\n', '/Tx BMC\nEMC\n']);
  });

  it('names the fields signature.<id> and date.<id> as parents and kids, no partial name with a period (ISO 32000-1, 12.7.3.2)', async () => {
    const bytes = await renderFields(['supervisor', 'member-3']);
    const pdf = await inspectPdf(bytes);
    expect(pdf.fieldNames).toEqual(['date.member-3', 'date.supervisor', 'signature.member-3', 'signature.supervisor']);
    const partialNames = [...pdf.raw.matchAll(/\/T \(([^)]*)\)/g)].map(([, name]) => name);
    expect(partialNames.sort()).toEqual(['date', 'member-3', 'member-3', 'signature', 'supervisor', 'supervisor']);
    const objectId = (object: string): string | undefined => /(\d+) 0 obj\s*<<[^]*$/.exec(object.split('stream')[0] ?? '')?.[1];
    const fields = /\/Fields \[(\d+) 0 R (\d+) 0 R\]/.exec(pdf.raw)?.slice(1) ?? [];
    for (const [parentName, fieldType] of [
      ['signature', 'Sig'],
      ['date', 'Tx'],
    ] as const) {
      // The parent holds the kids only: no widget, no Parent of its own.
      const [parent, ...others] = findObjects(pdf.raw, new RegExp(`/T \\(${parentName}\\)`));
      expect(others).toEqual([]);
      expect(parent).not.toMatch(/\/Subtype|\/Parent|\/FT/);
      const parentId = objectId(parent ?? '');
      expect(fields).toContain(parentId);
      const kids = /\/Kids \[([^\]]*)\]/.exec(parent ?? '')?.[1]?.match(/\d+(?= 0 R)/g) ?? [];
      const widgets = findObjects(pdf.raw, new RegExp(`/Parent ${parentId} 0 R`));
      expect(widgets.map(objectId)).toEqual(kids);
      for (const widget of widgets) {
        expect(widget).toContain('/Subtype /Widget');
        expect(widget).toContain(`/FT /${fieldType}`);
      }
    }
  });
});
