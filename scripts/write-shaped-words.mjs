// Part of `npm run build`: lays out the built-in templates' examples as PDFs
// and writes the words fontkit shaped for them beside the compiled renderer,
// so every process starts with them shaped (src/render/pdf/shaped-words.ts).
import { rmSync, writeFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const { shapedWordsUrl, shapingVersions, describeShapedWords } = await import(new URL('render/pdf/shaped-words.js', dist).href);
// Shaped afresh: an earlier build's words must not be read back in.
rmSync(shapedWordsUrl, { force: true });

const { checkTemplates } = await import(new URL('packs/check-templates.js', dist).href);
const { builtInTemplatesDir } = await import(new URL('packs/load-packs.js', dist).href);
const { renderPdfFile } = await import(new URL('render/render-pdf-file.js', dist).href);
const { getSharedLayoutCache } = await import(new URL('render/pdf/fonts.js', dist).href);

// Whatever check finds is check's to report; every word shaped on the way is right however it ends.
await checkTemplates(builtInTemplatesDir, { formats: ['md', 'pdf'], creationDate: new Date(0), renderPdf: renderPdfFile });
const faces = Object.fromEntries(['regular', 'bold', 'italic', 'boldItalic'].map((face) => [face, describeShapedWords(getSharedLayoutCache(face))]));
writeFileSync(shapedWordsUrl, JSON.stringify({ versions: shapingVersions(), faces }));
