import { relative } from 'node:path';
import type { Problem, SourceLocation } from '../errors.js';
import { helperUsage, printingHelpers, templateHelpers } from '../render/handlebars-env.js';
import { hasSignatureMarkerLine } from '../render/signature-marker.js';
import type { FieldSpec, PackManifest } from './pack-format.js';
import { suggest } from './validate-answers.js';
import { anyShape, buildRootShape, itemOf, listPaths, lookedUp, mergeWithParameters, notAField, resolvesAtRoot, type Member, type PassedAt, type Passed, type Shape } from './template-shapes.js';

/**
 * Checks the names a pack's templates use against what the render context
 * (src/render/render-context.ts) will hold, without rendering: every field a
 * template names is declared, every partial it includes exists, and which
 * declared fields no template uses. Strict Handlebars catches only the names
 * an example happens to reach; this walks every branch, including `{{#if}}`
 * conditions, which strict mode does not check at all.
 */

/** How a name like no declared field is told to be added; pointAtRenamedFields finds it to offer a renamed field. */
const undeclaredFieldRemedy = '; to ask for it, declare it under fields in template.yaml';
const undeclaredFieldMessage = /^"([^"]+)" is not a field of this pack(?: \(did you mean "([^"]+)"\?\)|; to ask for it, declare it under fields in template\.yaml)/;

/** Handlebars' own, but `log` (render/handlebars-env.ts unregisters it). */
const builtInHelpers = ['if', 'unless', 'each', 'with', 'lookup'] as const;
const helperNames = new Set<string>([...builtInHelpers, ...Object.keys(templateHelpers)]);
/** Built-in helpers that work only as a block: used as `{{if x}}` they stop the render with "options.fn is not a function". */
const blockOnlyHelpers = new Set<string>(['if', 'unless', 'each', 'with']);
const dataVariables = new Set(['index', 'key', 'first', 'last', 'root', 'level']);
/**
 * How many values Handlebars' own helpers take: given another number they do
 * not render at all ("#if requires exactly one argument", or a TypeError
 * from `lookup`), and would stop `new` and `batch` where `check` had passed.
 */
const builtInHelperUsage: Readonly<Record<(typeof builtInHelpers)[number], { values: number; example: string }>> = {
  if: { values: 1, example: '{{#if reflectiveModel}} … {{/if}}' },
  unless: { values: 1, example: '{{#unless contractedOut}} … {{/unless}}' },
  each: { values: 1, example: '{{#each members}} … {{/each}}' },
  with: { values: 1, example: '{{#with supervisor}} … {{/with}}' },
  lookup: { values: 2, example: '{{lookup supervisor "name"}}' },
};

/** One template to walk: a file, or a Handlebars string inside template.yaml (the subject). */
export interface TemplateUnit {
  file: string;
  ast: hbs.AST.Program;
  /** Report every problem here instead of at the AST position (for a template inside YAML). */
  fixedLocation?: () => SourceLocation;
  /** Dotted manifest path for problems in a template that lives in template.yaml, e.g. `subject`. */
  path?: string;
}

export interface NameCheckResult {
  problems: Problem[];
  /**
   * A field asked only under a condition (`when`), printed where that
   * condition is not known to hold: when it is no, the agreement prints a blank.
   */
  warnings: Problem[];
  /**
   * Those of the warnings that stop a render when they come true: an item of
   * a list reached by its position (`{{observers.[0].name}}`) that the list
   * may not have. Strict rendering then stops with Handlebars' last name
   * ("name" not defined) and no file, so a failed render looks for these.
   */
  shortListWarnings: Problem[];
  usedFields: Set<string>;
  /** Partials the templates include, directly or through other partials. */
  usedPartials: Set<string>;
}

export interface NameCheckOptions {
  manifest: PackManifest;
  /** The templates rendered against the pack's context: the entry file and the subject. */
  roots: readonly TemplateUnit[];
  /** Partials by name; `undefined` marks one that exists but could not be parsed (already reported). */
  partials: ReadonlyMap<string, TemplateUnit | undefined>;
  /** Folder that "included from" notes are written relative to. */
  baseDir: string;
}

interface Scope {
  unit: TemplateUnit;
  /** Context stack, innermost first: `{{../x}}` looks one further along. */
  contexts: readonly Shape[];
  /** Block parameters (`as |member i|`), innermost first. */
  blockParams: readonly ReadonlyMap<string, Shape>[];
  root: Shape;
  /** Partials being walked, to stop at recursion. */
  partialStack: readonly string[];
  inlinePartials: ReadonlyMap<string, hbs.AST.Program>;
  /** "partial "x" included from file:line", for problems inside partials. */
  via?: string;
  /** Fields an enclosing `{{#if}}` (or the else of an `{{#unless}}`) has found to be yes, or given. */
  knownYes: ReadonlySet<string>;
}

export function checkTemplateNames(options: NameCheckOptions): NameCheckResult {
  return new TemplateNameCheck(options).run();
}

/**
 * One walk over a pack's templates. It holds what the walk has found so far
 * and, between one name and the next, what the last path reached: a
 * condition or a printed name is judged by the fields behind the path just
 * resolved, and a value given to a partial remembers the include it came from.
 */
class TemplateNameCheck {
  private readonly problems: Problem[] = [];
  private readonly warnings: Problem[] = [];
  private readonly shortListWarnings: Problem[] = [];
  /** Problems and warnings already reported, by place and message: a partial included twice reports once. */
  private readonly seen = new Set<string>();
  private readonly fieldsByKey: ReadonlyMap<string, FieldSpec>;
  /** The fields behind the last member a path reached: what a printed path prints. */
  private lastUses: readonly string[] = [];
  /** Where the value the last path reached was given to a partial, if it was. */
  private lastPassedAt: PassedAt | undefined;
  /** Warnings about conditional fields given to partials, one per include and condition, by that key. */
  private readonly passedWarnings = new Map<string, { warning: Problem; keys: string[]; printedAt: string }>();
  private readonly usedFields = new Set<string>();
  private readonly usedPartials = new Set<string>();
  private readonly root: Shape;
  private readonly partials: NameCheckOptions['partials'];
  private readonly baseDir: string;

  constructor(private readonly options: NameCheckOptions) {
    this.fieldsByKey = new Map(options.manifest.fields.map((field) => [field.key, field]));
    this.root = buildRootShape(options.manifest);
    this.partials = options.partials;
    this.baseDir = options.baseDir;
  }

  run(): NameCheckResult {
    for (const unit of this.options.roots) {
      this.visitProgram(unit.ast, {
        unit,
        contexts: [this.root],
        blockParams: [],
        root: this.root,
        partialStack: [],
        inlinePartials: new Map(),
        knownYes: new Set(),
      });
    }
    const entry = this.options.roots.find((unit) => !unit.fixedLocation);
    if (entry) this.checkNothingAfterSignatures(entry);
    this.pointAtRenamedFields();
    const { problems, warnings, shortListWarnings, usedFields, usedPartials } = this;
    return { problems, warnings, shortListWarnings, usedFields, usedPartials };
  }

  /**
   * A field renamed in template.yaml (`agency` to `agencyName`) while the
   * templates still print the old name: each use is a name the pack does not
   * declare, and the new one is used nowhere. Told only "declare it under
   * fields", the user would declare the old name again; the field that looks
   * like its new name is offered first. One whose name contains the other's
   * (or the only field no template uses, when only one name is undeclared).
   */
  private pointAtRenamedFields(): void {
    const undeclared = new Map<Problem, string>();
    const names = new Set<string>();
    for (const problem of this.problems) {
      const found = undeclaredFieldMessage.exec(problem.message);
      if (!found) continue;
      names.add(found[1]!);
      // A suggestion that is a field stands (a misspelling); one that is a group ("schedule" for "schedule.day") is no help.
      if (found[2] === undefined || !this.fieldsByKey.has(found[2])) undeclared.set(problem, found[1]!);
    }
    if (undeclared.size === 0) return;
    const unused = this.options.manifest.fields.map((field) => field.key).filter((key) => !this.usedFields.has(key));
    const lastPart = (key: string): string => key.slice(key.lastIndexOf('.') + 1).toLowerCase();
    for (const [problem, name] of undeclared) {
      const alike = unused.filter((key) => lastPart(key).includes(lastPart(name)) || lastPart(name).includes(lastPart(key)));
      const renamed = alike.length === 1 ? alike[0] : alike.length === 0 && unused.length === 1 && names.size === 1 ? unused[0] : undefined;
      if (renamed === undefined) continue;
      problem.message = problem.message.replace(
        undeclaredFieldMessage,
        `"${name}" ${notAField}; if it is the field template.yaml now calls "${renamed}" (which no template uses), write ${renamed} here instead; if not, to ask for it, declare it under fields in template.yaml`,
      );
    }
  }

  /**
   * The PDF stops reading the agreement at the `<!-- signatures -->` line and
   * draws the signature blocks there (render/signature-marker.ts). A clause
   * the entry template writes after `{{> signatures}}` (a section added at the
   * end of the file) would be in the Markdown file but silently missing from
   * the PDF that is signed. Signature lines of the template's own, after a
   * marker line it writes itself, are what the PDF means to leave out.
   */
  private checkNothingAfterSignatures(entry: TemplateUnit): void {
    const body = entry.ast.body;
    const includeAt = body.findIndex((statement) => statement.type !== 'ContentStatement' && this.holdsSignatureMarker(statement, new Set()));
    if (includeAt < 0 || body.slice(0, includeAt).some((statement) => this.holdsSignatureMarker(statement, new Set()))) return;
    const include = body[includeAt]!;
    const after = body.slice(includeAt + 1).find((statement) => statement.type !== 'CommentStatement' && !isBlankContent(statement));
    if (!after) return;
    const written = include.type === 'PartialStatement' ? `{{> ${describeExpression((include as hbs.AST.PartialStatement).name)}}}` : 'the block';
    const location = { file: entry.file, ...firstPrintedPosition(after) };
    this.problems.push({
      path: '',
      location,
      message:
        `this is after ${written} (line ${include.loc.start.line}), where the PDF ends with the signature blocks, ` +
        `so the PDF would leave it out (the Markdown file would have it): move it above ${written}`,
    });
  }

  /** Whether a statement writes the `<!-- signatures -->` line, itself or through the partials it includes. */
  private holdsSignatureMarker(statement: hbs.AST.Statement, seen: Set<string>): boolean {
    switch (statement.type) {
      case 'ContentStatement':
        return hasSignatureMarkerLine(writtenText(statement));
      case 'BlockStatement': {
        const block = statement as hbs.AST.BlockStatement;
        return [block.program, block.inverse].some((program) => program?.body.some((inner) => this.holdsSignatureMarker(inner, seen)));
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const name = (statement as hbs.AST.PartialStatement).name;
        if (name.type !== 'PathExpression' || (name as hbs.AST.PathExpression).data) return false;
        const partialName = (name as hbs.AST.PathExpression).original;
        if (seen.has(partialName)) return false;
        seen.add(partialName);
        return this.partials.get(partialName)?.ast.body.some((inner) => this.holdsSignatureMarker(inner, seen)) ?? false;
      }
      default:
        return false;
    }
  }

  private report(scope: Scope, node: hbs.AST.Node, message: string): void {
    const location = this.locate(scope, node);
    const text = scope.via ? `${message} (in ${scope.via})` : message;
    const key = `${location.file}:${location.line}:${location.column}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push({ path: scope.unit.path ?? '', location, message: text });
  }

  private markUsed(member: Member): void {
    for (const key of member.uses) this.usedFields.add(key);
    this.lastUses = member.uses;
    if (member.passedAt) this.lastPassedAt = member.passedAt;
  }

  private locate(scope: Scope, node: hbs.AST.Node): SourceLocation {
    return scope.unit.fixedLocation?.() ?? { file: scope.unit.file, line: node.loc.start.line, column: node.loc.start.column + 1 };
  }

  /** Starts following a new path: what it prints and where it was given are its own. */
  private forgetLastPath(): void {
    this.lastUses = [];
    this.lastPassedAt = undefined;
  }

  /** A printed path: each conditional field it prints must be inside `{{#if condition}}`. */
  private checkPrintedConditions(node: hbs.AST.PathExpression, scope: Scope): void {
    for (const key of this.lastUses) {
      const condition = this.fieldsByKey.get(key)?.when;
      // Inside {{#if condition}}, or {{#if the field itself}}: either way it is never blank there.
      if (condition === undefined || scope.knownYes.has(condition) || scope.knownYes.has(key)) continue;
      if (this.lastPassedAt) {
        this.reportPassedCondition(this.lastPassedAt, key, condition, this.locate(scope, node));
        continue;
      }
      const location = this.locate(scope, node);
      const where = scope.via ? ` (in ${scope.via})` : '';
      const seenKey = `${location.file}:${location.line}:${location.column}:${key}`;
      if (this.seen.has(seenKey)) continue;
      this.seen.add(seenKey);
      this.warnings.push({
        path: scope.unit.path ?? '',
        location,
        message: `"${key}" is printed outside {{#if ${condition}}}: it is asked only when ${condition} is yes, so otherwise the agreement shows a blank here${where}`,
      });
    }
  }

  /**
   * An optional answer printed where it is not known to be given: left out,
   * the agreement shows a blank ("Induction took place on ."), as for a
   * conditional field. One with a condition is already warned of above. A
   * part of an optional person (`{{deputy.name}}`) is blank too when the
   * person is left out; a part a given person may leave out (`{{supervisor.role}}`) is not warned of.
   */
  private checkPrintedOptional(node: hbs.AST.Node, shape: Shape, scope: Scope): void {
    const owner = this.lastUses.length === 1 ? this.fieldsByKey.get(this.lastUses[0]!) : undefined;
    const field = shape.field ?? (owner?.type === 'person' ? owner : undefined);
    if (!field || field.required || field.when !== undefined || ('default' in field && field.default !== undefined)) return;
    if (field.type === 'persons' || field.type === 'textlist' || scope.knownYes.has(field.key)) return;
    const location = this.locate(scope, node);
    const seenKey = `${location.file}:${location.line}:${location.column}:optional:${field.key}`;
    if (this.seen.has(seenKey)) return;
    this.seen.add(seenKey);
    this.warnings.push({
      path: scope.unit.path ?? '',
      location,
      message: `${printedPart(node, field.key)} is printed outside {{#if ${field.key}}}: ${printedPart(node, field.key) === `"${field.key}"` ? 'it' : `"${field.key}"`} is optional, so when it is not given the agreement shows a blank here${scope.via ? ` (in ${scope.via})` : ''}`,
    });
  }

  /**
   * A conditional field a partial prints from a value it was given, where the
   * condition is not known to hold: reported at the include, where the value
   * was given, once for all the fields under one condition that it prints.
   */
  private reportPassedCondition(at: PassedAt, key: string, condition: string, printed: SourceLocation): void {
    const seenKey = `${at.location.file}:${at.location.line}:${at.location.column}:${condition}`;
    const known = this.passedWarnings.get(seenKey);
    if (known?.keys.includes(key)) return;
    const entry = known ?? {
      warning: { path: at.path, location: at.location, message: '' },
      keys: [],
      printedAt: `${relative(this.baseDir, printed.file)}:${printed.line}:${printed.column}`,
    };
    entry.keys.push(key);
    entry.warning.message = describePassedCondition(at, entry.keys, condition, entry.printedAt);
    if (known) return;
    this.passedWarnings.set(seenKey, entry);
    this.warnings.push(entry.warning);
  }

  /**
   * An item reached by its position in a list field that may have fewer
   * items: the fewest a valid answer can have, or one inside `{{#if list}}`.
   */
  private checkListPosition(field: FieldSpec, position: number, text: string, node: hbs.AST.Node, scope: Scope): void {
    const given = field.when === undefined || scope.knownYes.has(field.when);
    const fewest = !field.required || !given ? 0 : field.type === 'persons' ? field.min : field.type === 'textlist' ? 1 : 0;
    if (position < (scope.knownYes.has(field.key) ? Math.max(fewest, 1) : fewest)) return;
    const location = this.locate(scope, node);
    const seenKey = `${location.file}:${location.line}:${location.column}:${text}`;
    if (this.seen.has(seenKey)) return;
    this.seen.add(seenKey);
    const may = fewest === 0 ? 'may have no items' : `may have only ${fewest}`;
    const warning: Problem = {
      path: scope.unit.path ?? '',
      location,
      message: `"${text}" is item ${position + 1} of "${field.key}", which ${may}, and then rendering stops here; print the items inside {{#each ${field.key}}} … {{/each}}, or put this inside {{#if ${text}}}${scope.via ? ` (in ${scope.via})` : ''}`,
    };
    this.warnings.push(warning);
    this.shortListWarnings.push(warning);
  }

  /** The field an `{{#if}}`, `{{#unless}}`, `{{#with}}` or `{{#each}}` tests, when it tests one (a yes/no, or whether an answer is given), from what its condition resolved to. */
  private testedField(block: hbs.AST.BlockStatement): string | undefined {
    const [condition] = block.params;
    if (block.params.length !== 1 || condition === undefined) return undefined;
    // `(eq schedule.frequency "monthly")` is true only when that answer is given, and is that text.
    if (condition.type !== 'PathExpression' && !isComparisonWithText(condition)) return undefined;
    // One field: `{{#if signers}}` is not every signer given. A partial's `{{#if who}}` tests the field given as `who`.
    return this.lastUses.length === 1 ? this.lastUses[0] : undefined;
  }

  /**
   * `printed`: the path is printed on its own (`{{groundRules.[0]}}`), where strict Handlebars needs its last
   * part to be there too; as a condition or a helper's value (`{{#if groundRules.[0]}}`) it may be missing.
   */
  private resolvePath(path: hbs.AST.PathExpression, scope: Scope, printed = false): Shape {
    const text = path.original;
    if (path.data) {
      const [head, ...rest] = path.parts;
      if (head === 'root') return this.walkParts(scope.root, rest, path, scope, { text, base: 'root', printed });
      if (head !== undefined && dataVariables.has(head)) return rest.length === 0 ? { kind: 'scalar', description: `@${head}` } : anyShape;
      this.report(scope, path, `"@${head ?? ''}" is not a Handlebars data variable (use @index, @key, @first, @last or @root)`);
      return anyShape;
    }
    const explicitThis = /^(this|\.)(\/|\.|$)/.test(text) || /^(\.\.\/)+(this|\.)/.test(text);
    const [head, ...rest] = path.parts;
    if (!explicitThis && path.depth === 0 && head !== undefined) {
      for (const params of scope.blockParams) {
        const param = params.get(head);
        if (param) return this.walkParts(param, rest, path, scope, { text, base: 'param', param: head, printed });
      }
    }
    const base = scope.contexts[path.depth];
    if (!base) {
      this.report(scope, path, `"${text}" goes up more levels (../) than there are here`);
      return anyShape;
    }
    return this.walkParts(base, path.parts, path, scope, { text, base: path.depth === 0 ? 'context' : 'parent', printed });
  }

  private walkParts(
    start: Shape,
    parts: readonly string[],
    node: hbs.AST.PathExpression,
    scope: Scope,
    how: { text: string; base: 'root' | 'param' | 'context' | 'parent'; param?: string; printed: boolean },
  ): Shape {
    let shape = start;
    this.lastPassedAt = start.passed?.at;
    // `{{this}}` in a partial given a field prints that field.
    if (parts.length === 0 && start.passed) this.lastUses = start.passed.uses;
    for (const [index, part] of parts.entries()) {
      const reached = parts.slice(0, index).join('.');
      if (shape.kind === 'any') return anyShape;
      if (shape.kind === 'object') {
        const member = shape.members.get(part);
        if (member) {
          this.markUsed(member);
          shape = member.shape;
          continue;
        }
        // Through a block parameter the name as written starts with the parameter.
        const written = how.param === undefined ? parts : [how.param, ...parts];
        const at = how.param === undefined ? index : index + 1;
        this.report(scope, node, this.describeMissing(how.text, written, at, start, shape, scope, how));
        // Printed, a name that is not there prints nothing of the answer it was looked for in.
        this.forgetLastPath();
        return anyShape;
      }
      if (part === 'length') return { kind: 'scalar', description: 'a number' };
      if (shape.kind === 'list' && /^\d+$/.test(part)) {
        // The last part alone (`{{#if observers.[0]}}`) is how a template tests for the item; reaching past it, or
        // printing it (`{{groundRules.[0]}}`, which strict Handlebars stops at when it is missing), is not.
        if (shape.field && (index < parts.length - 1 || how.printed)) this.checkListPosition(shape.field, Number(part), [how.param, ...parts.slice(0, index + 1).map((name) => (/^\d+$/.test(name) ? `[${name}]` : name))].filter(Boolean).join('.'), node, scope);
        shape = shape.item;
        continue;
      }
      this.report(scope, node, `"${how.text}": ${reached ? `"${reached}"` : 'the value'} is ${shape.description}, which has no "${part}"`);
      this.forgetLastPath();
      return anyShape;
    }
    // Reached through a value given to a partial: whatever is done with it next (#with, #each, another partial) still traces back there.
    return this.lastPassedAt && shape !== start ? { ...shape, passed: { uses: this.lastUses, at: this.lastPassedAt } } : shape;
  }

  private describeMissing(
    text: string,
    parts: readonly string[],
    index: number,
    start: Shape,
    at: Extract<Shape, { kind: 'object' }>,
    scope: Scope,
    how: { base: 'root' | 'param' | 'context' | 'parent'; param?: string },
  ): string {
    const candidates = how.param === undefined ? listPaths(start) : listPaths(start, how.param);
    if (how.base === 'context') {
      for (const params of scope.blockParams) for (const [name, shape] of params) candidates.push(name, ...listPaths(shape, name));
    }
    // “Signed”, as a word processor types quotes, is a name to Handlebars, not a string.
    if (/^[“‘„«]|[”’“»]$/u.test(text)) {
      const words = text.replace(/^[“‘„«]|[”’“»]$/gu, '');
      return `"${text}" has curly quotes, which Handlebars reads as part of a name, not as quotes around text; write the text in straight quotes ("${words}${/^[“‘„«]/u.test(text) && /[”’“»]$/u.test(text) ? '' : ' …'}")`;
    }
    const suggestion = suggest(parts.join('.'), candidates);
    const didYouMean = suggestion ? ` (did you mean "${suggestion}"?)` : '';
    if (start !== scope.root && (how.base === 'context' || how.base === 'parent') && resolvesAtRoot(scope.root, parts)) {
      return `"${text}" ${at.missing}; the pack's field is reached from here as "@root.${parts.join('.')}"`;
    }
    // With nothing close to suggest, the name is new to the pack rather than misspelt: say how to add it.
    const howToAdd = suggestion || at.missing !== notAField ? '' : undeclaredFieldRemedy;
    if (how.param === undefined && (at === start || at.missing === notAField)) return `"${text}" ${at.missing}${didYouMean}${howToAdd}`;
    return `"${text}": "${parts.slice(0, index).join('.')}" is ${at.description}, which has no "${parts[index]}"${didYouMean}`;
  }

  private visitExpression(expression: hbs.AST.Expression, scope: Scope): Shape {
    switch (expression.type) {
      case 'PathExpression':
        return this.resolvePath(expression as hbs.AST.PathExpression, scope);
      case 'SubExpression': {
        const call = expression as hbs.AST.SubExpression;
        this.checkNotBlockOnly(call.path, call.params, scope);
        return this.visitCall(call.path, call.params, call.hash, scope, true);
      }
      default:
        return { kind: 'scalar', description: 'a literal' };
    }
  }

  /**
   * A helper call: its arguments are checked; the name must be a helper.
   * Printed (`printed`), one that prints its argument prints each field given
   * to it. Returns the shape of what the call gives.
   */
  private visitCall(
    path: hbs.AST.PathExpression,
    params: readonly hbs.AST.Expression[],
    hash: hbs.AST.Hash | undefined,
    scope: Scope,
    mustBeHelper: boolean,
    printed = false,
  ): Shape {
    if (mustBeHelper && !isHelperPath(path)) {
      const suggestion = suggest(path.original, [...helperNames]);
      this.report(
        scope,
        path,
        `"${path.original}" is not a helper${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; helpers: ${[...helperNames].join(', ')}`,
      );
    }
    const usage = isHelperPath(path) && Object.hasOwn(helperUsage, path.original) ? helperUsage[path.original as keyof typeof helperUsage] : undefined;
    if (isHelperPath(path) && path.original === 'lookup') this.checkBuiltInValues(path, params, scope);
    if (usage && params.length !== usage.values) {
      const wanted = usage.values === 1 ? 'one value' : `${usage.values} values`;
      this.report(scope, path, `"${path.original}" takes ${wanted}, as in ${usage.example}, but is given ${params.length}`);
    }
    const printsParams = printed && (printingHelpers as ReadonlySet<string>).has(path.original);
    const shapes: Shape[] = [];
    for (const param of params) {
      const traced = printsParams && param.type === 'PathExpression';
      if (traced) this.forgetLastPath();
      const shape = this.visitExpression(param, scope);
      shapes.push(shape);
      if (traced) {
        this.checkPrintedConditions(param as hbs.AST.PathExpression, scope);
        this.checkPrintedOptional(param, shape, scope);
      }
      // Only a field whose declared type the helper cannot use: a literal, a helper's result or a name
      // that resolves to no field may well be right, and nothing here could say otherwise.
      if (usage?.takes && shape.field && !usage.takes.types.includes(shape.field.type)) {
        const { key, type } = shape.field;
        const text = describeExpression(param);
        const given = `${text === key ? `"${key}",` : `"${text}", which is "${key}",`} ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} field`;
        this.report(scope, param, `"${path.original}" needs ${usage.takes.words}, as in ${usage.example}, but is given ${given}`);
      }
      // An integer field that says what it counts: `minutes` of one counted in months would print "6 minutes".
      const field = shape.field;
      if (usage?.takes && path.original === 'minutes' && field?.type === 'integer' && field.unit !== undefined && !/^minutes?$/i.test(field.unit)) {
        this.report(scope, param, `"minutes" needs ${usage.takes.words}, as in ${usage.example}, but "${field.key}" counts ${field.unit}`);
      }
    }
    if (isHelperPath(path) && path.original === 'eq') this.checkChoiceComparison(params, shapes, scope);
    for (const pair of hash?.pairs ?? []) {
      // A helper ignores an option it does not read, so a misspelt one would change nothing without a word.
      if (usage && !(usage.options ?? []).includes(pair.key)) {
        const known = usage.options?.length ? `; it takes ${usage.options.map((option) => `${option}="…"`).join(', ')}` : '; it takes no options';
        this.report(scope, pair, `"${path.original}" has no option "${pair.key}"${known}`);
      }
      this.visitExpression(pair.value, scope);
    }
    if (isHelperPath(path) && path.original === 'lookup') return lookedUp(shapes, params[1]);
    return { kind: 'scalar', description: `the result of ${path.original}` };
  }

  /**
   * A choice reaches templates as its label ("every four weeks"), so
   * `(eq schedule.frequency "four-weekly")` would never be true: text compared
   * with a choice field must be one of its labels.
   */
  private checkChoiceComparison(params: readonly hbs.AST.Expression[], shapes: readonly Shape[], scope: Scope): void {
    const choiceAt = shapes.findIndex((shape) => shape.field?.type === 'choice');
    const field = shapes[choiceAt]?.field;
    const other = params[1 - choiceAt];
    if (field?.type !== 'choice' || other?.type !== 'StringLiteral') return;
    const text = (other as hbs.AST.StringLiteral).value;
    const labels = field.choices.map((choice) => choice.label);
    if (labels.includes(text)) return;
    const byValue = field.choices.find((choice) => choice.value === text);
    const instead = byValue ? `write "${byValue.label}"` : `write one of ${labels.map((label) => `"${label}"`).join(', ')}`;
    this.report(scope, other, `"eq" compares "${field.key}" with "${text}", which it never equals: a choice reaches templates as its label; ${instead}`);
  }

  /** A built-in helper given another number of values than it takes, which stops the render. */
  private checkBuiltInValues(path: hbs.AST.PathExpression, params: readonly hbs.AST.Expression[], scope: Scope): void {
    const usage = builtInHelperUsage[path.original as keyof typeof builtInHelperUsage];
    if (params.length === usage.values) return;
    const wanted = usage.values === 1 ? 'one value' : `${usage.values} values`;
    this.report(scope, path, `"${path.original}" takes ${wanted}, as in ${usage.example}, but is given ${params.length}, so rendering would fail here`);
  }

  /**
   * A person, a group of fields or a list printed as it is: Handlebars prints
   * an object as "[object Object]" and a list as its items joined by bare
   * commas, which the agreement would then say. A yes/no answer prints as
   * "true" or "false", which no agreement means to say. Strict mode does not
   * object, and the example renders without a word.
   */
  private checkPrintedWhole(path: hbs.AST.PathExpression, shape: Shape, scope: Scope, text = path.original): void {
    if (shape.kind === 'object') {
      const part = shape.members.has('name') ? 'name' : shape.members.keys().next().value;
      const partPath = /^(this|\.)$/.test(text) ? part : text.startsWith('lookup ') ? `lookup (${text}) "${part}"` : `${text}.${part}`;
      const printPart = part === undefined ? '' : `; print a part of it, as in {{${partPath}}}`;
      this.report(scope, path, `"${text}" is ${shape.description}, which prints as "[object Object]"${printPart}`);
    } else if (shape.kind === 'list') {
      const shown = shape.item.kind === 'object' ? '"[object Object],[object Object]"' : 'its items joined by commas without spaces';
      // A field's list is described by its key, which the message has just said: not "groundRules" is "groundRules", a list.
      const what = shape.description.startsWith(`"${text}", `) ? shape.description.slice(text.length + 4) : shape.description;
      this.report(scope, path, `"${text}" is ${what}, which prints as ${shown}; print each item inside {{#each ${text}}} … {{/each}}`);
    } else if (shape.field?.type === 'boolean') {
      const condition = /^(this|\.)$/.test(text) || text.startsWith('lookup ') ? shape.field.key : text;
      this.report(
        scope,
        path,
        `"${text}" is a yes/no field, which prints as "true" or "false"; write what the agreement should say in each case: {{#if ${condition}}}…{{else}}…{{/if}}`,
      );
    }
  }

  /** `{{if x}}` or `(each x)`: a block helper used without its block. */
  private checkNotBlockOnly(path: hbs.AST.PathExpression, params: readonly hbs.AST.Expression[], scope: Scope): void {
    if (!isHelperPath(path) || !blockOnlyHelpers.has(path.original)) return;
    const name = path.original;
    const subject = params[0] ? describeExpression(params[0]) : '…';
    this.report(scope, path, `"${name}" is a block helper and cannot be used on its own, so rendering would fail here; write {{#${name} ${subject}}} … {{/${name}}} around the text it applies to`);
  }

  private visitProgram(program: hbs.AST.Program | undefined, scope: Scope): void {
    if (!program) return;
    let current = scope;
    // Inline partials are visible to the whole template they are declared in.
    const inline = collectInlinePartials(program);
    if (inline.size > 0) current = { ...scope, inlinePartials: new Map([...scope.inlinePartials, ...inline]) };
    for (const statement of program.body) this.visitStatement(statement, current);
  }

  private withContext(scope: Scope, context: Shape, params: readonly string[], values: readonly Shape[]): Scope {
    const blockParams = new Map<string, Shape>();
    params.forEach((name, index) => blockParams.set(name, values[index] ?? anyShape));
    return {
      ...scope,
      contexts: context === scope.contexts[0] ? scope.contexts : [context, ...scope.contexts],
      blockParams: blockParams.size > 0 ? [blockParams, ...scope.blockParams] : scope.blockParams,
    };
  }

  private visitBlock(block: hbs.AST.BlockStatement, scope: Scope): void {
    const name = isHelperPath(block.path) ? block.path.original : undefined;
    const blockParams = block.program?.blockParams ?? [];
    if (name !== undefined && Object.hasOwn(helperUsage, name)) {
      // `{{#inc 1}}x{{/inc}}` prints the helper's value and drops the text inside; its values are still its own.
      const usage = helperUsage[name as keyof typeof helperUsage];
      const instead = (printingHelpers as ReadonlySet<string>).has(name) ? `write it as {{${name} …}}, as in` : 'use it as a condition, as in';
      this.report(scope, block.path, `"${name}" is not a block helper, so the text between {{#${name}}} and {{/${name}}} is never printed; ${instead} ${usage.example}`);
      this.visitCall(block.path, block.params, block.hash, scope, false, true);
      this.visitProgram(block.program, scope);
      this.visitProgram(block.inverse, scope);
      return;
    }
    if (name === 'each' || name === 'with' || name === 'if' || name === 'unless') this.checkBuiltInValues(block.path, block.params, scope);
    if (name === 'each' || name === 'with') {
      this.visitCall(block.path, block.params.slice(1), block.hash, scope, false);
      this.forgetLastPath();
      const subject = block.params[0] ? this.visitExpression(block.params[0], scope) : anyShape;
      // Their block is rendered only for a value that is given (a list with items): there it is never blank.
      const given = this.testedField(block);
      let inner: Shape = subject;
      if (name === 'each') {
        if (subject.kind === 'list') inner = itemOf(subject);
        else if (subject.kind === 'scalar' || subject.kind === 'object') {
          this.report(scope, block.params[0] ?? block.path, describeEachOfOne(describeExpression(block.params[0]), subject));
          inner = anyShape;
        } else inner = anyShape;
      }
      const indexShape: Shape = { kind: 'scalar', description: 'the position in the list' };
      const inside = this.withContext(scope, inner, blockParams, name === 'each' ? [inner, indexShape] : [inner]);
      this.visitProgram(block.program, given === undefined ? inside : { ...inside, knownYes: new Set([...inside.knownYes, given]) });
      this.visitProgram(block.inverse, scope);
      return;
    }
    if (name !== undefined) {
      // The condition on its own first: what it resolves to says which field it tests.
      const [condition, ...rest] = block.params;
      this.forgetLastPath();
      if (condition) this.visitExpression(condition, scope);
      const tested = name === 'if' || name === 'unless' ? this.testedField(block) : undefined;
      this.visitCall(block.path, rest, block.hash, scope, false);
      const yes = (inner: Scope): Scope => (tested === undefined ? inner : { ...inner, knownYes: new Set([...inner.knownYes, tested]) });
      this.visitProgram(block.program, name === 'if' ? yes(scope) : scope);
      this.visitProgram(block.inverse, name === 'unless' ? yes(scope) : scope);
      return;
    }
    // `{{#members}}…{{/members}}` without a helper: a list iterates, an object becomes the context.
    if (block.params.length > 0 || block.hash?.pairs.length) this.visitCall(block.path, block.params, block.hash, scope, true);
    const subject = this.resolvePath(block.path, scope);
    const inner = subject.kind === 'list' ? itemOf(subject) : subject.kind === 'object' ? subject : scope.contexts[0] ?? anyShape;
    this.visitProgram(block.program, this.withContext(scope, inner, blockParams, [inner]));
    this.visitProgram(block.inverse, scope);
  }

  /**
   * The context a partial is included with: its argument (or the context it is included in) and its hash,
   * each checked as names are anywhere, and remembered where it was given so that what the partial prints
   * of it is traced back to the include.
   */
  private visitPartialArguments(partial: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, name: string, scope: Scope): Shape {
    // A value given to the partial: its names are checked like any others, and it remembers where it was given.
    const give = (expression: hbs.AST.Expression, param?: string): { shape: Shape; passed?: Passed } => {
      this.forgetLastPath();
      const shape = this.visitExpression(expression, scope);
      // Only a name can be an answer; a literal or a helper's result is not traced.
      if (expression.type !== 'PathExpression') return { shape };
      // A value this partial was itself given traces back to the include further out, where the field was named.
      const at = this.lastPassedAt ?? {
        location: this.locate(scope, expression),
        path: scope.unit.path ?? '',
        text: describeExpression(expression),
        uses: this.lastUses,
        partial: name,
        param,
        via: scope.via,
      };
      return { shape, passed: { uses: this.lastUses, at } };
    };
    // A partial given no context gets the one it is included in: Handlebars' compiler (run by parseTemplate) adds a
    // `this` for it, with no place in the file, which is not a value given to the partial.
    const argument = partial.params[0]?.loc === undefined ? undefined : partial.params[0];
    const given = argument ? give(argument) : undefined;
    const base: Shape = given ? { ...given.shape, ...(given.passed ? { passed: given.passed } : {}) } : scope.contexts[0] ?? anyShape;
    const hashMembers = new Map<string, Member>();
    for (const pair of partial.hash?.pairs ?? []) {
      const value = give(pair.value, pair.key);
      hashMembers.set(pair.key, { shape: value.shape, uses: value.passed?.uses ?? [], ...(value.passed ? { passedAt: value.passed.at } : {}) });
    }
    return hashMembers.size > 0 ? mergeWithParameters(base, hashMembers) : base;
  }

  private visitPartial(partial: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, scope: Scope): void {
    const dynamic = partial.name.type !== 'PathExpression' || (partial.name as hbs.AST.PathExpression).data;
    const name = dynamic ? describeExpression(partial.name) : (partial.name as hbs.AST.PathExpression).original;
    const context = this.visitPartialArguments(partial, name, scope);
    const fallback = partial.type === 'PartialBlockStatement' ? (partial as hbs.AST.PartialBlockStatement).program : undefined;

    if (dynamic) {
      // A dynamic partial (`{{> (lookup …)}}`) or `@partial-block` cannot be resolved before rendering.
      if (partial.name.type === 'SubExpression') this.visitExpression(partial.name, scope);
      this.visitProgram(fallback, scope);
      return;
    }
    const inline = scope.inlinePartials.get(name);
    const unit = inline ? { ...scope.unit, ast: inline } : this.partials.get(name);

    if (!inline && !this.partials.has(name)) {
      if (fallback) {
        this.visitProgram(fallback, scope);
        return;
      }
      const suggestion = suggest(name, [...this.partials.keys(), ...scope.inlinePartials.keys()]);
      if (suggestion !== undefined && !includableName.test(suggestion)) {
        this.report(scope, partial.name, describeUnincludablePartial(name, suggestion));
        return;
      }
      this.report(
        scope,
        partial.name,
        // A near name is what to do; without one, the include is meant as written, or not at all.
        `the partial "${name}" does not exist${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; partials are the .md.hbs files in partials/` +
          (suggestion ? '' : `, so add partials/${name}.md.hbs or remove this include`),
      );
      return;
    }
    if (fallback) this.visitProgram(fallback, scope);
    if (!inline) this.usedPartials.add(name);
    if (!unit || scope.partialStack.includes(name)) return;
    const line = scope.unit.fixedLocation?.().line ?? partial.loc.start.line;
    this.visitProgram(unit.ast, {
      unit,
      contexts: [context, ...scope.contexts],
      // Block parameters do not reach into a partial; only its context and hash do.
      blockParams: [],
      root: scope.root,
      partialStack: [...scope.partialStack, name],
      inlinePartials: scope.inlinePartials,
      knownYes: scope.knownYes,
      via: `partial "${name}" included from ${relative(this.baseDir, scope.unit.file)}:${line}`,
    });
  }

  private visitStatement(statement: hbs.AST.Statement, scope: Scope): void {
    switch (statement.type) {
      case 'MustacheStatement': {
        const mustache = statement as hbs.AST.MustacheStatement;
        if (mustache.path.type !== 'PathExpression') return;
        const path = mustache.path as hbs.AST.PathExpression;
        if (isHelperPath(path) || mustache.params.length > 0 || mustache.hash?.pairs.length) {
          this.checkNotBlockOnly(path, mustache.params, scope);
          const result = this.visitCall(path, mustache.params, mustache.hash, scope, true, true);
          // `{{lookup members 0}}` prints a whole member as surely as `{{members.[0]}}` does.
          if (isHelperPath(path) && path.original === 'lookup') this.checkPrintedWhole(path, result, scope, `lookup ${mustache.params.map(writtenAsValue).join(' ')}`);
        } else {
          this.forgetLastPath();
          const shape = this.resolvePath(path, scope, true);
          this.checkPrintedConditions(path, scope);
          this.checkPrintedOptional(path, shape, scope);
          this.checkPrintedWhole(path, shape, scope);
        }
        return;
      }
      case 'BlockStatement':
        this.visitBlock(statement as hbs.AST.BlockStatement, scope);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement':
        this.visitPartial(statement as hbs.AST.PartialStatement, scope);
        return;
      default:
        // Content, comments and decorators (inline partials are collected separately).
        return;
    }
  }

}

/** How a message names what is printed: the field, or the part of it the template prints (`"deputy.name"`). */
function printedPart(node: hbs.AST.Node, key: string): string {
  const printed = node.type === 'PathExpression' ? (node as hbs.AST.PathExpression).original : key;
  return `"${printed.startsWith(`${key}.`) ? printed : key}"`;
}

/** `(eq name "text")`, either way round: one name compared with a text that is not empty. */
function isComparisonWithText(expression: hbs.AST.Expression): boolean {
  if (expression.type !== 'SubExpression') return false;
  const call = expression as hbs.AST.SubExpression;
  if (call.path.type !== 'PathExpression' || (call.path as hbs.AST.PathExpression).original !== 'eq' || call.params.length !== 2) return false;
  const names = call.params.filter((param) => param.type === 'PathExpression');
  const texts = call.params.filter((param) => param.type === 'StringLiteral' && (param as hbs.AST.StringLiteral).value.trim() !== '');
  return names.length === 1 && texts.length === 1;
}

/**
 * `"lineManager.name" is given to the partial "named" as "who" outside
 * {{#if contractedOut}}, and printed at partials/named.md.hbs:1:15: …`; for a
 * value with conditional fields inside it (`{{> person lineManager}}`), the
 * fields printed from it.
 */
function describePassedCondition(at: PassedAt, keys: readonly string[], condition: string, printedAt: string): string {
  const given = `"${at.text}" is given to the partial "${at.partial}"${at.param === undefined ? '' : ` as "${at.param}"`} outside {{#if ${condition}}}`;
  const fields = keys.map((key) => `"${key}"`).join(' and ');
  const printed =
    keys.length > 1
      ? `and its ${fields} are printed (first at ${printedAt}): they are`
      : at.uses.includes(keys[0]!)
        ? `and printed at ${printedAt}: it is`
        : `and its ${fields} is printed at ${printedAt}: it is`;
  const blank = keys.length > 1 ? 'blanks' : 'a blank';
  return `${given}, ${printed} asked only when ${condition} is yes, so otherwise the agreement shows ${blank} there${at.via ? ` (in ${at.via})` : ''}`;
}

function isHelperPath(path: hbs.AST.PathExpression): boolean {
  return !path.data && path.depth === 0 && path.parts.length === 1 && helperNames.has(path.original);
}

function describeExpression(expression: hbs.AST.Expression | undefined): string {
  if (!expression) return '';
  if (expression.type === 'PathExpression') return (expression as hbs.AST.PathExpression).original;
  if (expression.type === 'SubExpression') return `(${(expression as hbs.AST.SubExpression).path.original} …)`;
  return String((expression as hbs.AST.StringLiteral).original);
}

/** A value as written in a call, text in single quotes so the whole call can be quoted in a message. */
function writtenAsValue(expression: hbs.AST.Expression): string {
  return expression.type === 'StringLiteral' ? `'${(expression as hbs.AST.StringLiteral).value}'` : describeExpression(expression);
}

function collectInlinePartials(program: hbs.AST.Program): Map<string, hbs.AST.Program> {
  const inline = new Map<string, hbs.AST.Program>();
  for (const statement of program.body) {
    if (statement.type !== 'DecoratorBlock') continue;
    const block = statement as hbs.AST.DecoratorBlock;
    const name = block.params[0];
    if (block.path.original === 'inline' && name?.type === 'StringLiteral') inline.set((name as hbs.AST.StringLiteral).value, block.program);
  }
  return inline;
}

function isBlankContent(statement: hbs.AST.Statement): boolean {
  return statement.type === 'ContentStatement' && writtenText(statement).trim() === '';
}

/** A ContentStatement's text as written (`value` may have lost the whitespace around a standalone tag); the typings call `original` StripFlags, which it is not. */
function writtenText(statement: hbs.AST.Statement): string {
  return (statement as unknown as { original: string }).original;
}

/** Where a statement starts printing: for text, its first character that is not a space or a line break. */
function firstPrintedPosition(statement: hbs.AST.Statement): { line: number; column: number } {
  const start = { line: statement.loc.start.line, column: statement.loc.start.column + 1 };
  if (statement.type !== 'ContentStatement') return start;
  const text = writtenText(statement);
  const leading = /^\s*/.exec(text)![0];
  const lines = leading.split('\n');
  if (lines.length === 1) return { line: start.line, column: start.column + leading.length };
  return { line: start.line + lines.length - 1, column: lines.at(-1)!.replace(/\r$/, '').length + 1 };
}

/** A name `{{> name}}` can give: no spaces, and none of the marks Handlebars reads as the end of a name or a path. */
const includableName = /^[^\s!"#%-,./;->@[-^`{-~]+$/;

/**
 * "did you mean "Escalation Route"?" cannot be followed: `{{> Escalation Route}}`
 * includes "Escalation", given "Route". The file is renamed to a name an
 * include can give: the one written, when that is the file's name without its
 * spaces and marks, else its words joined by hyphens.
 */
function describeUnincludablePartial(written: string, fileName: string): string {
  const squeezed = (text: string): string => text.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  const renamed = squeezed(written) === squeezed(fileName)
    ? written
    : fileName.trim().split(/[^\p{L}\p{N}_-]+/u).filter((word) => word !== '').join('-');
  return (
    `the partial "${written}" does not exist; the nearest, partials/${fileName}.md.hbs, cannot be included, as an include cannot give a name with spaces or marks: ` +
    `rename the file partials/${renamed}.md.hbs and include it as {{> ${renamed}}}`
  );
}

/**
 * `{{#each learningGoals}}` over a long text its author thinks of as a list
 * of goals: what it is, said once (not `"learningGoals" is "learningGoals",
 * long text`), and for a text, the two ways on: print it whole, or make it a
 * list in template.yaml.
 */
function describeEachOfOne(written: string, subject: Shape): string {
  const { field } = subject;
  const what = field && 'description' in subject ? subject.description.replace(`"${field.key}", `, '') : 'description' in subject ? subject.description : 'not a list';
  const fix =
    field && (field.type === 'text' || field.type === 'longtext')
      ? `: print it whole with {{${field.key}}}${field.type === 'longtext' ? ' (its lines and paragraphs are kept)' : ''}, or make it a list of text (type: textlist) in template.yaml`
      : '';
  return `{{#each}} needs a list, but "${written}" is ${what}${fix}`;
}
