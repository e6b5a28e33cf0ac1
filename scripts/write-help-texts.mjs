// Part of `npm run build`: renders every command's help with commander and
// writes it beside the compiled CLI, so `supervise --help` can print it
// without loading commander (src/cli/quick-answers.ts).
import { readFileSync, writeFileSync } from 'node:fs';

const { renderHelpTexts } = await import('../dist/cli/help-texts.js');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
writeFileSync(new URL('../dist/cli/help-texts.json', import.meta.url), `${JSON.stringify(renderHelpTexts(version), null, 2)}\n`);
