// Part of `npm run build`, after tsc: zod, yaml and Handlebars are each
// bundled into one file under dist/vendor/, and the compiled modules import
// those files instead of the packages.
//
// Why: every command that reads answers, a roster or templates loads all
// three, and on Node 20 an ES module graph costs per file. zod, yaml and
// Handlebars are about 250 files; loading them took ~112 ms and loads as
// three files in ~45 ms. The main thread, each render thread and check's
// PDF thread all pay it (measured in docs/BENCHMARKS.md, step 10).
//
// Only these three: pdfkit reads its own data files at run time, fontkit
// comes in through pdfkit, and the rest are one file each already. The
// packages stay dependencies: they are what is bundled, and their types.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const vendorDir = join(dist, 'vendor');
// Entry files must sit inside the project so that the packages resolve from node_modules.
const entriesDir = join(root, 'node_modules', '.cache', 'supervise-vendor');
const require = createRequire(join(root, 'package.json'));

/** What each bundle exports: what the compiled modules import of the package. */
const bundles = {
  // An ES module package, which a bundler can take apart: only the parts of `z` that are used (zodEntry).
  zod: () => zodEntry(),
  // CommonJS under Node (its ES module build is the browser one, which warns differently): its named exports.
  yaml: () => `export { ${Object.keys(require('yaml')).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name)).join(', ')} } from 'yaml';\n`,
  // CommonJS: Node gives an importing ES module its module.exports as the default export.
  handlebars: () => "import Handlebars from 'handlebars';\nexport default Handlebars;\n",
};

await rm(vendorDir, { recursive: true, force: true });
await mkdir(vendorDir, { recursive: true });
await mkdir(entriesDir, { recursive: true });
for (const [name, entrySource] of Object.entries(bundles)) {
  const entry = join(entriesDir, `${name}.mjs`);
  await writeFile(entry, await entrySource());
  await build({
    input: entry,
    platform: 'node',
    external: [/^node:/],
    logLevel: 'warn',
    output: { file: join(vendorDir, `${name}.js`), format: 'esm', banner: await licenceBanner(name) },
  });
}

// The compiled modules import the bundles instead of the packages.
const bareImport = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*)(['"])(${Object.keys(bundles).join('|')})\\2`, 'g');
// Run again on the same dist/, it finds nothing left to rewrite and leaves the modules as they are.
let users = 0;
for (const file of await listModules(dist)) {
  if (file.startsWith(vendorDir + sep)) continue;
  const source = await readFile(file, 'utf8');
  const toVendor = relative(dirname(file), vendorDir).split(sep).join('/');
  const prefix = toVendor.startsWith('.') ? toVendor : `./${toVendor}`;
  const updated = source.replace(bareImport, (_match, keyword, quote, name) => `${keyword}${quote}${prefix}/${name}.js${quote}`);
  if (updated !== source) await writeFile(file, updated);
  if (updated.includes(`${prefix}/`)) users += 1;
}
if (users === 0) throw new Error('bundle-dependencies: no compiled module imports zod, yaml or handlebars; run tsc first (npm run build)');

/**
 * The zod bundle's entry: a `z` holding just the members the compiled modules
 * read (`z.string`, `z.strictObject`…), so the bundle leaves out the rest of
 * zod, its forty-odd locales among it. It is a third the size of the whole
 * package and loads in about half the time, in every thread that validates
 * answers. Every module must import zod as `import { z }` and use it only as
 * `z.member`; anything else stops the build here rather than fail at run time.
 */
async function zodEntry() {
  const used = new Set();
  for (const file of await listModules(dist)) {
    if (file.startsWith(vendorDir + sep)) continue;
    const source = await readFile(file, 'utf8');
    const imports = [...source.matchAll(/^import\s+([^'";]*?)\s*from\s*['"](zod|[./]+\/vendor\/zod\.js)['"]/gm)];
    if (imports.length === 0) continue;
    for (const [statement, clause] of imports) {
      if (clause.replace(/\s/g, '') !== '{z}') throw new Error(`bundle-dependencies: ${relative(root, file)} has \`${statement}\`; the zod bundle gives only \`import { z }\``);
    }
    for (const [, name] of source.matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)) used.add(name);
  }
  if (used.size === 0) throw new Error('bundle-dependencies: no compiled module uses zod; run tsc first (npm run build)');
  const members = [...used].sort().map((name) => `${name}: zod.${name}`);
  return `import * as zod from 'zod';\nexport const z = { ${members.join(', ')} };\n`;
}

async function listModules(dir) {
  const files = [];
  for (const item of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) files.push(...(await listModules(path)));
    else if (item.name.endsWith('.js')) files.push(path);
  }
  return files;
}

/** The package's name, version and licence text, kept with the code copied from it. */
async function licenceBanner(name) {
  const packageDir = join(root, 'node_modules', name);
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
  const licenceFile = (await readdir(packageDir)).find((file) => /^licen[cs]e/i.test(file));
  const text = licenceFile ? await readFile(join(packageDir, licenceFile), 'utf8') : `${manifest.license}`;
  return `/*! ${name}@${manifest.version} (${manifest.license}), bundled by scripts/bundle-dependencies.mjs.\n${text.trim().replaceAll('*/', '* /')}\n*/`;
}
