import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** One file of a templates folder, by its path inside that folder. */
export interface TemplateFile {
  relativePath: string;
  content: Uint8Array;
}

/**
 * Every file of a templates folder (the packs and the shared `partials/`),
 * in a stable order, ready to be written somewhere else by `supervise init`.
 */
export async function readTemplateTree(dir: string): Promise<TemplateFile[]> {
  const files: TemplateFile[] = [];
  const visit = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile()) files.push({ relativePath: relative(dir, path), content: await readFile(path) });
    }
  };
  await visit(dir);
  return files;
}
