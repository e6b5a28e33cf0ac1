import { resolve } from 'node:path';
import { displayProblem, formatProblem, SuperviseError, type Problem } from '../../errors.js';
import { formatCount } from '../../format-count.js';
import type { CheckReport } from '../../packs/check-templates.js';
import { startPdfThread } from '../../render/pdf-thread.js';
import type { CheckOptions } from '../commands/check.js';
import type { CommandContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { runWithJsonFailureReport } from '../json-failure.js';

/** `supervise check`: report every problem of every pack, grouped by pack; fail CI on errors. */
export async function runCheck(options: CheckOptions, context: CommandContext): Promise<void> {
  // `check --json > report.json` in CI must leave a report even when the folder cannot be checked at all.
  await runWithJsonFailureReport(options.json, context, (tracked) => checkFolder(options, tracked));
}

async function checkFolder(options: CheckOptions, context: CommandContext): Promise<void> {
  const { reporter } = context;
  const display = (file: string): string => displayPath(file, context.cwd);
  // The PDFs are laid out on the other core while the templates are checked here (pdf-thread.ts). The
  // thread starts first, and the modules the checks need load after, so the two overlap from the start.
  const pdfThread = startPdfThread();
  let report: CheckReport;
  try {
    const [{ checkTemplates }, { builtInTemplatesDir }, { resolveCreationDate }] = await Promise.all([
      import('../../packs/check-templates.js'),
      import('../../packs/load-packs.js'),
      import('../../render/render-agreement.js'),
    ]);
    const dir = options.templates ? resolve(context.cwd, options.templates) : builtInTemplatesDir;
    report = await checkTemplates(dir, {
      formats: ['md', 'pdf'],
      creationDate: resolveCreationDate(context.env.SOURCE_DATE_EPOCH),
      renderPdf: pdfThread.render,
      display,
    });
  } finally {
    await pdfThread.close();
  }

  for (const line of formatCheckReport(report, display)) {
    if (line.problem) reporter.problems([line.problem]);
    else reporter.info(line.text);
  }
  if (options.json) reporter.data(JSON.stringify(toJsonReport(report, options.strict, display), null, 2));
  if (context.env.GITHUB_ACTIONS === 'true') {
    const annotations = formatAnnotations(report, display);
    // With --json, stdout is the JSON document alone; the runner reads workflow commands on stderr too.
    if (annotations.length > 0) {
      if (options.json) reporter.info(annotations.join('\n'));
      else reporter.data(annotations.join('\n'));
    }
  }

  const failed = report.errors > 0 || (options.strict && report.warnings > 0);
  const summary = `${count(report.errors, 'error')}, ${count(report.warnings, 'warning')} in ${count(report.packCount, 'pack')}`;
  if (failed) {
    throw new SuperviseError(`Check failed: ${summary}${report.errors === 0 ? ' (--strict fails on warnings)' : ''}`, {
      hint: 'Fix the problems at the lines shown and run the check again.',
    });
  }
  reporter.success(`Check passed: ${summary}`);
}

function count(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** The terminal report: a heading per pack, then its problems. */
function formatCheckReport(
  report: CheckReport,
  display: (file: string) => string,
): { text: string; problem?: Problem }[] {
  const lines: { text: string; problem?: Problem }[] = [];
  lines.push({ text: `Checking the template packs in ${display(report.dir)}` });
  for (const pack of report.packs) {
    const errors = pack.problems.filter((problem) => problem.severity !== 'warning').length;
    const warnings = pack.problems.length - errors;
    const title = pack.name ? `${pack.name} v${pack.version ?? '?'}` : pack.folder === 'partials' ? 'shared partials' : pack.folder;
    const status = pack.problems.length === 0 ? 'ok' : [errors && count(errors, 'error'), warnings && count(warnings, 'warning')].filter(Boolean).join(', ');
    lines.push({ text: `${title} (${display(pack.dir)}): ${status}` });
    for (const problem of pack.problems) {
      const shown = displayProblem(problem, display);
      lines.push({ text: formatProblem(shown), problem: shown });
    }
  }
  return lines;
}

export interface JsonProblem {
  severity: 'error' | 'warning';
  file: string | null;
  line: number | null;
  column: number | null;
  path: string;
  message: string;
}

export interface JsonCheckReport {
  ok: boolean;
  strict: boolean;
  templates: string;
  errors: number;
  warnings: number;
  packs: { folder: string; name: string | null; version: string | null; ok: boolean; errors: number; warnings: number; problems: JsonProblem[] }[];
}

function toJsonReport(report: CheckReport, strict: boolean, display: (file: string) => string): JsonCheckReport {
  return {
    ok: !(report.errors > 0 || (strict && report.warnings > 0)),
    strict,
    templates: display(report.dir),
    errors: report.errors,
    warnings: report.warnings,
    packs: report.packs.map((pack) => {
      const problems = pack.problems.map(
        (problem): JsonProblem => ({
          severity: problem.severity === 'warning' ? 'warning' : 'error',
          file: problem.location ? display(problem.location.file) : null,
          line: problem.location?.line ?? null,
          column: problem.location?.column ?? null,
          path: problem.path,
          message: problem.message,
        }),
      );
      const errors = problems.filter((problem) => problem.severity === 'error').length;
      return {
        folder: pack.folder,
        name: pack.name ?? null,
        version: pack.version ?? null,
        ok: errors === 0 && (!strict || problems.length === 0),
        errors,
        warnings: problems.length - errors,
        problems,
      };
    }),
  };
}

/**
 * GitHub Actions workflow commands, one per problem, so each shows on the
 * line that caused it in a pull request. Escaping as the runner expects:
 * https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
 */
function formatAnnotations(report: CheckReport, display: (file: string) => string): string[] {
  const lines: string[] = [];
  for (const pack of report.packs) {
    for (const problem of pack.problems) {
      const properties: string[] = [];
      if (problem.location) {
        properties.push(`file=${escapeProperty(display(problem.location.file))}`);
        if (problem.location.line !== undefined) properties.push(`line=${problem.location.line}`);
        if (problem.location.column !== undefined) properties.push(`col=${problem.location.column}`);
      }
      properties.push(`title=${escapeProperty(`supervise check: ${pack.name ?? pack.folder}`)}`);
      const message = problem.path ? `${problem.path}: ${problem.message}` : problem.message;
      lines.push(`::${problem.severity === 'warning' ? 'warning' : 'error'} ${properties.join(',')}::${escapeData(message)}`);
    }
  }
  return lines;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
