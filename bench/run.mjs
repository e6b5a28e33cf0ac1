#!/usr/bin/env node
// The project's benchmark: whole processes, several runs each, medians.
// Usage: npm run bench [-- --entries 1000 --runs 3 --big 10000 --no-write]
// It builds a roster of realistic, varied agreements, then measures the
// built CLI (batch PDF and Markdown, start-up, check) against bare pdfkit
// laying out the same Markdown (../shared/bench/pdfkit-floor.mjs), and a
// 10,000-entry PDF batch for peak memory. Results go to docs/BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildRoster } from './roster.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'supervise.js');
const floorScript = resolve(root, '..', 'shared', 'bench', 'pdfkit-floor.mjs');

const { values: flags } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    big: { type: 'string', default: '10000' },
    'no-write': { type: 'boolean', default: false },
  },
});
const entries = Number(flags.entries);
const runs = Number(flags.runs);
const bigEntries = Number(flags.big);
const work = join(os.tmpdir(), `supervise-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

// ------------------------------------------------------------ measuring ---
/** Runs a command to completion; returns wall milliseconds and peak RSS (MB, Linux /proc). */
function measure(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd ?? root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1798761600' } });
    let peakKb = 0;
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const sample = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const match = /VmHWM:\s+(\d+) kB/.exec(status);
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // The process has ended.
      }
    };
    const timer = options.sampleMemory ? setInterval(sample, 5) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}`));
        return;
      }
      resolvePromise({ ms, peakMb: peakKb / 1024, stdout, stderr });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function repeat(times, label, run) {
  const results = [];
  for (let index = 0; index < times; index += 1) {
    results.push(await run(index));
    process.stderr.write(`  ${label} run ${index + 1}/${times}: ${results.at(-1).ms.toFixed(0)} ms\n`);
  }
  return { ms: median(results.map((result) => result.ms)), peakMb: median(results.map((result) => result.peakMb)), all: results };
}

// -------------------------------------------------------------- the run ---
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('Build first: npm run build');
  process.exit(2);
}
const rosterPath = join(work, 'roster.yaml');
writeFileSync(rosterPath, buildRoster(entries));
process.stderr.write(`Benchmark: ${entries} entries, ${runs} runs each, in ${work}\n`);

/** A warning would mean the roster measures something other than a clean batch (and its warnings cost time and memory). */
const batch = (format, out, roster = rosterPath) => async () => {
  const measured = await measure(process.execPath, [bin, 'batch', roster, '--out', out, '--format', format, '--force'], { sampleMemory: true });
  const warnings = measured.stderr.split('\n').filter((line) => line.startsWith('warning'));
  if (warnings.length > 0) throw new Error(`the bench roster gave ${warnings.length} warnings; fix bench/roster.mjs:\n${warnings.slice(0, 5).join('\n')}`);
  return measured;
};

const pdfBatch = await repeat(runs, 'batch pdf', batch('pdf', join(work, 'pdf')));
const mdBatch = await repeat(runs, 'batch md', batch('md', join(work, 'md')));
const floorOut = join(work, 'floor');
const floor = await repeat(runs, 'pdfkit floor', () => measure(process.execPath, [floorScript, join(work, 'md'), floorOut], { sampleMemory: true }));

const nodeBaseline = await repeat(runs * 3, 'node -e 0', () => measure(process.execPath, ['-e', '0']));
const version = await repeat(runs * 3, 'supervise --version', () => measure(process.execPath, [bin, '--version']));
const help = await repeat(runs * 3, 'supervise --help', () => measure(process.execPath, [bin, '--help']));
const check = await repeat(runs, 'supervise check', () => measure(process.execPath, [bin, 'check']));

let big;
if (bigEntries > 0) {
  const bigRoster = join(work, 'big-roster.yaml');
  writeFileSync(bigRoster, buildRoster(bigEntries));
  big = await repeat(1, `batch pdf ${bigEntries}`, batch('pdf', join(work, 'big'), bigRoster));
}
rmSync(work, { recursive: true, force: true });

// ------------------------------------------------------------ reporting ---
const perSecond = (ms, count) => (count / (ms / 1000)).toFixed(0);
/** Slowest and fastest run: on a shared machine the spread says how far a difference can be trusted. */
const spread = (measured) => {
  const times = measured.all.map((result) => result.ms);
  return times.length > 1 ? `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms` : '';
};
const ratio = (a, b) => (a / b).toFixed(2);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const rows = [
  ['PDF batch, ' + entries, `${pdfBatch.ms.toFixed(0)} ms`, spread(pdfBatch), `${perSecond(pdfBatch.ms, entries)} docs/s`, `${pdfBatch.peakMb.toFixed(0)} MB`, `${ratio(pdfBatch.ms, floor.ms)}× floor`, '≤ 1.0× floor'],
  ['pdfkit floor (same Markdown)', `${floor.ms.toFixed(0)} ms`, spread(floor), `${perSecond(floor.ms, entries)} docs/s`, `${floor.peakMb.toFixed(0)} MB`, '1.00×', ''],
  ['Markdown batch, ' + entries, `${mdBatch.ms.toFixed(0)} ms`, spread(mdBatch), `${perSecond(mdBatch.ms, entries)} docs/s`, `${mdBatch.peakMb.toFixed(0)} MB`, '', '< 1500 ms'],
  ['`node -e 0`', `${nodeBaseline.ms.toFixed(0)} ms`, spread(nodeBaseline), '', '', '1.00×', ''],
  ['`supervise --version`', `${version.ms.toFixed(0)} ms`, spread(version), '', '', `${ratio(version.ms, nodeBaseline.ms)}× node`, '≤ 1.3× node'],
  ['`supervise --help`', `${help.ms.toFixed(0)} ms`, spread(help), '', '', `${ratio(help.ms, nodeBaseline.ms)}× node`, '≤ 1.3× node'],
  ['`supervise check` (built-in packs)', `${check.ms.toFixed(0)} ms`, spread(check), '', '', '', '< 1000 ms'],
];
if (big) rows.push([`PDF batch, ${bigEntries}`, `${big.ms.toFixed(0)} ms`, spread(big), `${perSecond(big.ms, bigEntries)} docs/s`, `${big.peakMb.toFixed(0)} MB`, '', '< 200 MB peak RSS']);

const table = [
  '| measurement | wall (median) | runs (fastest–slowest) | rate | peak RSS | ratio | target |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');
const machine = `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB memory, Node ${process.version}, ${os.platform()} ${os.release()}`;
const report = `## Results

Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; ${entries} entries (4 in 5 one-to-one, 1 in 5 group of 3–5 members, names in Welsh, Polish, Vietnamese, Greek, Cyrillic and more), median of ${runs} runs (start-up: ${runs * 3} runs).

${table}
`;
console.log(report);

if (!flags['no-write']) {
  const docPath = join(root, 'docs', 'BENCHMARKS.md');
  const existing = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';
  // Only the Results section is rewritten; what comes before (the method)
  // and after it (the notes on what the figures mean) is kept.
  const marker = '## Results';
  const start = existing.indexOf(marker);
  const head = start === -1 ? `${existing}\n` : existing.slice(0, start);
  const next = start === -1 ? -1 : existing.indexOf('\n## ', start + marker.length);
  const tail = next === -1 ? '' : existing.slice(next + 1);
  mkdirSync(dirname(docPath), { recursive: true });
  writeFileSync(docPath, `${head}${report}${tail ? `\n${tail}` : ''}`);
  process.stderr.write(`Wrote ${docPath}\n`);
}
