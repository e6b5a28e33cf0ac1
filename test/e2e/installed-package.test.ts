import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot, runCli, runPrintedCommand } from '../support/run-cli.js';

// supervise as a council's IT installs it: from a tarball or the repository, then run from any folder but its own.

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'supervise-installed-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the examples --help names, run from another folder than supervise’s own', () => {
  it('says where the answers example is, and the path it gives writes the agreement', () => {
    const result = runCli(['new', 'one-to-one', '--answers', 'examples/one-to-one.yaml', '--format', 'md'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Cannot read the answers file examples/one-to-one.yaml: it does not exist\n');
    expect(result.stderr).toContain(`That example comes with supervise, in ${join(projectRoot, 'examples')}`);
    const given = /give it as (--answers .*)\.\n/.exec(result.stderr)?.[1];
    expect(given).toBeDefined();
    const written = runPrintedCommand(`supervise new one-to-one ${given!} --format md`, work);
    expect(written.code).toBe(0);
    expect(readdirSync(work)).toEqual(['one-to-one-tom-evans-2026-12-01.md']);
  });

  it('says where the roster example is, in a command that plans the batch', () => {
    const result = runCli(['batch', 'examples/roster.yaml', '--dry-run'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Cannot read the roster examples/roster.yaml: it does not exist\n');
    const command = /give it as `(supervise batch [^`]*)`/.exec(result.stderr)?.[1];
    expect(command).toBeDefined();
    const planned = runPrintedCommand(`${command!} --dry-run`, work);
    expect(planned.stderr).toContain('Dry run: 5 of 5 entries valid');
    expect(planned.code).toBe(0);
  });

  it('still says only to check the path of a file that is not one of the examples', () => {
    const result = runCli(['batch', 'examples/our-team.yaml'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: Cannot read the roster examples/our-team.yaml: it does not exist\nCheck the path and run the command again.\n');
  });
});

/** The files `npm pack` puts in the tarball, as paths inside the package; the build's dist/ is taken as it is. */
function packedFiles(): string[] {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: projectRoot, encoding: 'utf8' });
  expect(packed.status, packed.stderr).toBe(0);
  const [report] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
  return report.files.map((file) => file.path);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

describe('the package npm pack makes', () => {
  const files = packedFiles();
  const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

  it('holds the bin, the build, every built-in template and every example', () => {
    for (const file of ['package.json', 'README.md', 'bin/supervise.js', 'dist/cli/main.js', ...filesUnder(join(projectRoot, 'templates')), ...filesUnder(join(projectRoot, 'examples'))]) {
      expect(files, file).toContain(file);
    }
  });

  it('holds every file the user part of the README links to', () => {
    // The Development section is for working in the repository, where docs/BENCHMARKS.md and the rest are.
    const forUsers = readFileSync(join(projectRoot, 'README.md'), 'utf8').split('\n## Development')[0]!;
    const linked = [...forUsers.matchAll(/\]\(([^)#:\s]+)\)/g)].map((match) => match[1]!).filter((target) => target.includes('/') || target.includes('.'));
    expect(linked).toContain('docs/PDF.md');
    for (const target of linked) expect(files, `README links to ${target}`).toContain(target);
  });

  it('leaves out the sources, tests, benchmarks and build scripts', () => {
    const unwanted = files.filter((file) => /^(src|test|bench|scripts|node_modules|\.github|\.ci)\//.test(file) || /\.(ts|map|tsbuildinfo)$/.test(file));
    expect(unwanted).toEqual([]);
  });

  it('needs at run time only packages it lists as dependencies, which npm installs with it', () => {
    const bareSpecifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire(?:\.resolve)?\(\s*|createRequire\([^)]*\)\(\s*)['"]([^'"./][^'"]*)['"]\s*[);]/g;
    const needed = new Set<string>();
    for (const file of files.filter((path) => path.startsWith('dist/') && !path.startsWith('dist/vendor/') && path.endsWith('.js'))) {
      for (const [, specifier] of readFileSync(join(projectRoot, file), 'utf8').matchAll(bareSpecifier)) {
        if (isBuiltin(specifier!)) continue;
        const parts = specifier!.split('/');
        needed.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
      }
    }
    expect([...needed]).toContain('dejavu-fonts-ttf');
    for (const name of needed) expect(Object.keys(packageJson.dependencies), name).toContain(name);
  });
});

describe('an older Node.js than supervise needs, as some Linux releases install', () => {
  const guard = join(projectRoot, 'bin', 'supervise.js');
  /** The bin run by this Node.js, told it is another version: process.versions.node is what the bin reads. */
  function runAs(version: string, args: readonly string[]): ReturnType<typeof spawnSync> & { stderr: string; stdout: string } {
    const pretend = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`;
    return spawnSync(process.execPath, ['--import', pretend, guard, ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  }

  it('is named, with what to do, exit 1, rather than failing with a stack trace or as a bug in supervise', () => {
    for (const version of ['18.20.8', '20.16.0', '12.22.12']) {
      const result = runAs(version, ['batch', join(projectRoot, 'examples', 'roster.yaml'), '--dry-run']);
      expect(result.status, version).toBe(1);
      expect(result.stderr).toBe(`error: supervise needs Node.js 20.17 or later; this is Node.js ${version}\nInstall a newer Node.js (its current LTS release) and run the command again.\n`);
      expect(result.stdout).toBe('');
    }
    const supported = runAs('20.17.0', ['--version']);
    expect(supported.status).toBe(0);
    expect(supported.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('is checked in words that Node.js 10 and 12 can read, for the version package.json asks for', () => {
    const source = readFileSync(guard, 'utf8');
    const code = source.split('\n').filter((line) => !line.trimStart().startsWith('//') && !line.startsWith('#!')).join('\n');
    // No syntax newer than those read (tried by hand on Node.js 10.24, 12.22 and 18.20): the check must run to be said.
    for (const newer of ['await', '?.', '??', '=>', 'const ', 'let ', '`']) expect(code, newer).not.toContain(newer);
    const [, major, minor] = /var required = \[(\d+), (\d+)\];/.exec(source) ?? [];
    const engines = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe(`>=${major}.${minor}`);
  });
});

describe('a command run in a folder that was deleted while the shell was in it', () => {
  /** The bin run by sh from inside a folder removed just before, as a shell left in it would run it. */
  function runInDeletedFolder(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
    const gone = join(work, 'gone');
    const script = `mkdir "$1" && cd "$1" && rmdir "$1" && shift && exec "$@"`;
    const result = spawnSync('sh', ['-c', script, 'sh', gone, process.execPath, join(projectRoot, 'bin', 'supervise.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('says the folder is gone and what to do, exit 1, without a stack trace', () => {
    const listed = runInDeletedFolder(['templates', 'list']);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toBe('error: The folder this command was run in no longer exists: it was deleted or moved away\nChange to a folder that exists (cd) and run the command again.\n');
    expect(listed.stdout).toBe('');
  });

  it('still gives a --json report to the script that reads one', () => {
    const checked = runInDeletedFolder(['check', '--json']);
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.stdout)).toMatchObject({ ok: false, error: { message: 'The folder this command was run in no longer exists: it was deleted or moved away' } });
    expect(checked.stderr).not.toMatch(/\n\s+at /);
  });
});
