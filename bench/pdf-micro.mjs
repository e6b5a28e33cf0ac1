#!/usr/bin/env node
// Micro-benchmark of one PDF agreement's CPU cost: renders the test fixtures
// in one process (names varied per document, as in a batch roster, or fixed
// with --fixed), several runs, and prints the median ms per document.
// With --threads N it instead renders the --docs documents once, cold, split
// over N worker threads with a render thread's young generation (--young MB,
// 4 as in a batch), and prints the wall and CPU time of the whole: the
// renderer as a batch runs it, without the batch around it.
// Usage: npm run build && node bench/pdf-micro.mjs [--docs 200] [--runs 5] [--fixed] [--threads N [--young 4]]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { renderPdf } = await import(join(root, 'dist', 'render', 'pdf', 'index.js'));
const flags = isMainThread
  ? parseArgs({
      options: {
        docs: { type: 'string', default: '200' },
        runs: { type: 'string', default: '5' },
        fixed: { type: 'boolean', default: false },
        threads: { type: 'string', default: '0' },
        young: { type: 'string', default: '4' },
      },
    }).values
  : workerData.flags;
const docs = Number(flags.docs);
const runs = Number(flags.runs);
const fixture = (name) => readFileSync(join(root, 'test', 'fixtures', name), 'utf8');
const oneToOne = fixture('one-to-one.md');
const group = fixture('group.md');

const firstNames = ['Priya', 'Tom', 'Siân', 'Łukasz', 'Ánh', 'Ζωή', 'Анна', 'Oluwaseun', 'Niamh', 'Mohammed', 'Aoife', 'Dafydd', 'Zoë', 'José', 'Chloé', 'Bartłomiej', 'Ngozi', 'Rhys', 'Saoirse', 'Kwame', 'Ewa', 'Ioana', 'Yusuf', 'Gwenllïan'];
const lastNames = ['Shah', 'Evans', 'Ŵyn', 'Żółć', 'Nguyễn', 'Παπαδοπούλου', 'Кузнецова', 'Adeyemi', "O'Brien", 'Khan', 'Ní Bhriain', 'ap Gruffydd', 'Müller', 'García', 'Lefèvre', 'Wiśniewski', 'Okafor', 'Price', 'Ó Súilleabháin', 'Mensah', 'Kowalska', 'Popescu', 'Demir', 'Llywelyn'];
const person = (i) => `${firstNames[i % firstNames.length]} ${lastNames[(i * 7 + 3) % lastNames.length]}`;

function job(index) {
  const isGroup = index % 5 === 4;
  const a = flags.fixed ? (isGroup ? 'Ade Okafor' : 'Siân Ŵyn') : person(index + 11);
  const b = flags.fixed ? 'Łukasz Żółć' : person(index);
  const markdown = isGroup
    ? group.replaceAll('Ade Okafor', a).replaceAll('Łukasz Żółć', b)
    : oneToOne.replaceAll('Siân Ŵyn', a).replaceAll('Łukasz Żółć', b).replaceAll('Siân', a.split(' ')[0]).replaceAll('Łukasz', b.split(' ')[0]);
  const signers = isGroup
    ? [{ id: 'supervisor', title: 'Supervisor (facilitator)', name: a, role: 'Principal Social Worker' }, ...[0, 1, 2, 3].map((k) => ({ id: `member-${k + 1}`, title: `Member ${k + 1}`, name: k === 0 ? b : person(index * 3 + k) }))]
    : [{ id: 'supervisor', title: 'Supervisor', name: a, role: 'Team Manager' }, { id: 'supervisee', title: 'Supervisee', name: b, role: 'Senior Social Worker' }];
  return {
    markdown,
    options: {
      title: isGroup ? 'Supervision Agreement / Contract' : 'Agreement for 1:1 Safeguarding Supervision',
      documentTitle: `${isGroup ? 'Supervision Agreement / Contract' : 'Agreement for 1:1 Safeguarding Supervision'}: ${b}, from 5 January 2027`,
      agency: 'Northshire County Council',
      subject: `Safeguarding supervision agreement ${index}`,
      keywords: ['safeguarding', 'supervision'],
      signers,
      paper: 'a4',
      formFields: true,
      creationDate: new Date('2027-01-05T08:00:00Z'),
    },
  };
}

const threads = Number(flags.threads);
if (isMainThread && threads > 0) {
  const limits = { maxYoungGenerationSizeMb: Number(flags.young), maxOldGenerationSizeMb: 256 };
  const start = process.cpuUsage();
  const wall = performance.now();
  await Promise.all(
    Array.from({ length: threads }, (_, share) => new Promise((resolve, reject) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: { flags, share }, resourceLimits: limits });
      worker.once('message', resolve);
      worker.once('error', reject);
    })),
  );
  const cpu = process.cpuUsage(start);
  console.log(`${docs} docs on ${threads} thread(s), ${flags.young} MB young generation: ${(performance.now() - wall).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`);
} else if (!isMainThread) {
  const threadCount = Number(flags.threads);
  for (let index = workerData.share; index < docs; index += threadCount) {
    const { markdown, options } = job(index);
    await renderPdf(markdown, options);
  }
  parentPort.postMessage('done');
} else {
  await renderInThisThread();
}

async function renderInThisThread() {
  const jobs = Array.from({ length: docs }, (_, i) => job(i));
  // Warm up: fonts parsed, caches and JIT.
  for (const { markdown, options } of jobs.slice(0, 20)) await renderPdf(markdown, options);
  const results = [];
  let bytes = 0;
  for (let run = 0; run < runs; run++) {
    const start = process.cpuUsage();
    const wall = performance.now();
    for (const { markdown, options } of jobs) bytes += (await renderPdf(markdown, options)).length;
    const cpu = process.cpuUsage(start);
    results.push({ cpu: (cpu.user + cpu.system) / 1000 / docs, wall: (performance.now() - wall) / docs });
  }
  const median = (v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
  console.log(`${docs} docs × ${runs} runs: median ${median(results.map((r) => r.wall)).toFixed(2)} ms/doc wall, ${median(results.map((r) => r.cpu)).toFixed(2)} ms/doc CPU (all wall: ${results.map((r) => r.wall.toFixed(1)).join(' ')}); avg ${(bytes / docs / runs / 1024).toFixed(1)} KiB/doc; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
}
