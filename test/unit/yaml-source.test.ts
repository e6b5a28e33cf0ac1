import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError, type Problem } from '../../src/errors.js';
import { readYamlFast } from '../../src/io/fast-yaml.js';
import { parseYamlSource } from '../../src/io/yaml-source.js';

/**
 * Plain YAML is read quickly, without positions, and read again by `yaml`
 * only when a problem must be pointed at (yaml-source.ts). What a user sees
 * must not depend on which reading was taken.
 */

/** The 1-based line and column where `needle` starts in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  expect(index, needle).toBeGreaterThanOrEqual(0);
  return { line: index + 1, column: lines[index]!.indexOf(needle) + 1 };
}

/** The problems reading `text` is refused with (failing the test if it is read). */
function problemsOf(text: string, file = 'file.yaml'): readonly Problem[] {
  try {
    parseYamlSource(text, file);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error('read without a problem');
}

describe('reading YAML quickly', () => {
  const manifest = readFileSync('templates/group/template.yaml', 'utf8');

  it('locates a path in a file it read quickly, at the key', () => {
    // The shipped manifest is plain enough to be read the quick way.
    expect(readYamlFast(manifest)).toBeDefined();
    const source = parseYamlSource(manifest, 'template.yaml');
    const fields = (source.value as { fields: { key: string }[] }).fields;
    const members = fields.findIndex((field) => field.key === 'members');
    expect(source.locate(['fields', members, 'min'])).toEqual({ file: 'template.yaml', ...positionOf(manifest, 'min: 2') });
    expect(source.locate(['signers', 1, 'title'])).toEqual({ file: 'template.yaml', ...positionOf(manifest, 'title: Member') });
  });

  it('keeps the lines of a slice of a larger file', () => {
    const entry = '- template: one-to-one\n  supervisee:\n    name: Priya Shah\n';
    expect(readYamlFast(entry)).toBeDefined();
    const source = parseYamlSource(entry, 'roster.yaml', { firstLine: 40 });
    expect(source.value).toEqual([{ template: 'one-to-one', supervisee: { name: 'Priya Shah' } }]);
    expect(source.locate([0, 'supervisee', 'name'])).toEqual({ file: 'roster.yaml', line: 42, column: 5 });
  });

  it('says a line has a non-breaking space, pasted from a word processor, where the parser gives only its own words', () => {
    for (const text of ['defaults:\n  venue: Room 1\n\u00A0\u00A0agency: Northshire\n  mode: remote\n', 'defaults:\n  venue: Room 1\n  agency:\u00A0Northshire\n  mode: remote\n']) {
      const [problem] = problemsOf(text, 'roster.yaml');
      expect(problem?.location).toMatchObject({ file: 'roster.yaml', line: 3 });
      expect(problem?.message.split('\n')[0]).toMatch(
        /; this line has a non-breaking space \(U\+00A0\), as text pasted from a word processor or web page has, which YAML does not read as a space: retype its spaces$/,
      );
    }
  });

  it('says a line is indented with a tab when the parser only says the items do not line up', () => {
    const [problem] = problemsOf('agreements:\n  - template: group\n  \tsupervisor: { name: Ade Okafor }\n', 'roster.yaml');
    expect(problem?.location).toMatchObject({ file: 'roster.yaml', line: 3 });
    expect(problem?.message.split('\n')[0]).toBe('All mapping items must start at the same column; this line is indented with a tab: indent with spaces only');
    // Where the parser already names the tab, it is not said twice, but what to do still is.
    const [named] = problemsOf('agreements:\n\t- template: group\n', 'roster.yaml');
    expect(named?.message.match(/tab/gi)).toHaveLength(1);
    expect(named?.message.split('\n')[0]).toBe('Tabs are not allowed as indentation: indent this line with spaces only');
  });

  it('says a line of a list item indented a space short is not lined up, where the parser calls it an item without "-"', () => {
    const [problem] = problemsOf('fields:\n  - key: agency\n    type: text\n   label: Name of agency\n', 'template.yaml');
    expect(problem?.location).toMatchObject({ file: 'template.yaml', line: 4 });
    expect(problem?.message.split('\n')[0]).toBe(
      'Sequence item without - indicator; this line is not lined up with the one above it: indent it as far, or start it with "- " if it begins a new item',
    );
  });

  it('refuses broken YAML at once, with the line shown', () => {
    const broken = manifest.replace('title: Supervision Agreement / Contract', 'title: "Supervision Agreement / Contract');
    expect(readYamlFast(broken)).toBeUndefined();
    const [problem] = problemsOf(broken, 'template.yaml');
    expect(problem?.location?.file).toBe('template.yaml');
    expect(problem?.message).toContain('title: "Supervision Agreement / Contract');
  });

  it('shows the first syntax error alone, not the errors it sets off in the lines after it', () => {
    const tabbed = manifest.replace('\n    type: integer\n', '\n\ttype: integer\n');
    expect(tabbed).not.toBe(manifest);
    const problems = problemsOf(tabbed);
    expect(problems.map((problem) => [problem.location?.line, problem.location?.column, problem.message.split('\n')[0]])).toEqual([
      [positionOf(tabbed, '\ttype: integer').line, 1, 'Tabs are not allowed as indentation: indent this line with spaces only'],
    ]);
  });

  it('shows every repeated key, as one does not throw the reading of the rest out of step', () => {
    const problems = problemsOf('agency: A\nagency: B\nschedule:\n  time: "14:00"\n  time: "15:00"\n');
    expect(problems.map((problem) => [problem.location?.line, problem.message.split('\n')[0]])).toEqual([
      [2, 'the key "agency" is given twice (first at line 1)'],
      [5, 'the key "time" is given twice (first at line 4)'],
    ]);
  });

  it('points at a repeated key itself, even after a first one with no value', () => {
    // `yaml` placed this one after the first `agreements:`, on line 1.
    expect(problemsOf('agreements:\nagreements:\n  - template: one-to-one\n').map((problem) => [problem.location, problem.message.split('\n')[0]])).toEqual([
      [{ file: 'file.yaml', line: 2, column: 1 }, 'the key "agreements" is given twice (first at line 1)'],
    ]);
  });

  it('reads an empty file as yaml does: null', () => {
    expect(parseYamlSource('', 'empty.yaml').value).toBeNull();
    expect(parseYamlSource('# only a comment\n', 'empty.yaml').value).toBeNull();
    // A problem with the whole of an empty file is shown where the file starts.
    expect(parseYamlSource('', 'empty.yaml').locate([])).toEqual({ file: 'empty.yaml', line: 1, column: 1 });
  });
});

describe('two YAML documents in one file', () => {
  it('points at the second `---` and says to remove it, rather than naming a function of the parser', () => {
    for (const text of ['agreements:\n  - template: one-to-one\n---\nagreements: []\n', '---\nagency: Northshire\n---\n']) {
      const [problem, ...others] = problemsOf(text);
      expect(others).toEqual([]);
      expect(problem!.location).toEqual({ file: 'file.yaml', line: text.split('\n').lastIndexOf('---') + 1, column: 1 });
      expect(problem!.message).toBe(
        'a second YAML document starts here, but the file must hold one: remove this `---` line (moving what follows it into the first document, or into a file of its own)\n    ---\n    ^',
      );
    }
  });
});

describe('aliases', () => {
  it('names each alias with no anchor before it, at its own line, rather than calling the file an alias bomb', () => {
    const text = 'defaults: &shared\n  agency: Northshire\nagreements:\n  - supervisor: *shared\n    supervisee: *nosuch\n';
    expect(problemsOf(text, 'roster.yaml')).toEqual([
      { path: '', location: { file: 'roster.yaml', line: 5, column: 17 }, message: 'the alias *nosuch has no anchor &nosuch before it' },
    ]);
  });

  it('still refuses a document whose aliases would expand beyond reason', () => {
    const layers = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 6; level += 1) layers.push(`${'abcdefg'[level]}: &${'abcdefg'[level]} [${Array(10).fill(`*${'abcdefg'[level - 1]}`).join(', ')}]`);
    expect(() => parseYamlSource(`${layers.join('\n')}\n`, 'bomb.yaml')).toThrow(ValidationError);
  });
});

describe('a syntax error on a very long line', () => {
  it('shows the part of the line around the column, not the whole line, with the caret under it', () => {
    const text = `notes: "${'x'.repeat(3000)}" oops: 1\n`;
    const problems = problemsOf(text, 'answers.yaml');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      const [, shown, caret] = problem.message.split('\n');
      expect(shown!.length).toBeLessThanOrEqual(4 + 2 + 100);
      // The caret points at the character the column names.
      expect(shown![caret!.indexOf('^')]).toBe(text[problem.location!.column! - 1]);
    }
  });
});

describe('a syntax error found at an empty line', () => {
  it('shows no excerpt: a caret under a blank line points at nothing', () => {
    const [problem] = problemsOf('%YAML 1.2\n\n', 'answers.yaml');
    expect(problem!.location).toMatchObject({ line: 3 });
    expect(problem!.message).toBe('Missing directives-end indicator line');
  });
});

describe('a [ or { never closed', () => {
  it('is shown where it opens, not where the parser gave up (an empty line at the end, or the next key)', () => {
    const [list] = problemsOf('groundRules: [one,\n  two\n\n', 'answers.yaml');
    expect(list!.location).toMatchObject({ line: 1, column: 14 });
    expect(list!.message).toBe('the [ that opens here is never closed: add ] after its last item\n    groundRules: [one,\n                 ^');
    const [map] = problemsOf('supervisee: {name: Tom\nstartDate: 2026-01-01\n', 'answers.yaml');
    expect(map!.location).toMatchObject({ line: 1, column: 13 });
    expect(map!.message.split('\n')[0]).toBe('the { that opens here is never closed: add } after its last answer');
    // The innermost of those left open.
    expect(problemsOf('members: [{name: A}, {name: B}\nreview: 3\n')[0]!.location).toMatchObject({ line: 1, column: 10 });
  });
});

describe('a JSON file with a syntax error', () => {
  it('is called not valid JSON, at its line and column', () => {
    expect(() => parseYamlSource('{"template": "one-to-one" "agency": "x"}\n', 'answers.json')).toThrow('answers.json is not valid JSON');
    // JSON saved under a YAML name is JSON still; a YAML flow mapping (no quote after its brace) is YAML.
    expect(() => parseYamlSource('{"template": "one-to-one" "agency": "x"}\n', 'answers.yaml')).toThrow('answers.yaml is not valid JSON');
    expect(() => parseYamlSource('{template: one-to-one, agency: [x}\n', 'answers.yaml')).toThrow('answers.yaml is not valid YAML');
  });

  /** [line, column, message's first line] of the one problem `text` is refused with, as roster.json. */
  const jsonProblem = (text: string): [number | undefined, number | undefined, string] => {
    const problems = problemsOf(text, 'roster.json');
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    return [problem!.location?.line, problem!.location?.column, problem!.message.split('\n')[0]!];
  };

  it("says what is wrong in JSON's terms, where to mend it, with the line shown", () => {
    // The YAML parser calls this "Block collections are not allowed within flow collections".
    const missingComma = '{\n  "agreements": [\n    {"template": "one-to-one"\n     "supervisee": {"name": "Tom"}}\n  ]\n}\n';
    expect(jsonProblem(missingComma)).toEqual([3, 30, 'missing comma: add a , after this item, before the next one (on line 4)']);
    expect(problemsOf(missingComma, 'roster.json')[0]!.message.split('\n').slice(1)).toEqual(['        {"template": "one-to-one"', '                                 ^']);
    expect(jsonProblem('{"agreements": [{"a": "b" "c": 1}]}\n')).toEqual([1, 26, 'missing comma: add a , after this item, before the next one']);
    expect(jsonProblem('{\n  "agreements": [\n    {"template": "one-to-one"}}\n  ]\n}\n')).toEqual([
      3,
      31,
      'unexpected }: the [ opened at line 2, column 17 must be closed with ] first (or this } is one too many)',
    ]);
    expect(jsonProblem('{"agreements": []}\n}\n')).toEqual([2, 1, 'unexpected } after the end of the JSON (one } too many): remove it']);
    expect(jsonProblem('{"agreements": [1,]]}\n')).toEqual([1, 19, 'unexpected ]: JSON allows no comma after the last item; remove the comma before it']);
    expect(jsonProblem('{\n  "agreements": [\n    {"template": "one-to-one"}\n  ]\n')).toEqual([1, 1, 'the { that opens here is never closed: add } where it ends']);
    expect(jsonProblem('{"agreements": [{"a" "b"}]}\n')).toEqual([1, 22, 'missing : (colon) after the key "a"']);
    expect(jsonProblem('{\n  // the team\n  "agreements": [}\n')).toEqual([2, 3, 'JSON has no comments: remove this one (or write the file as YAML, where a comment starts with #)']);
  });

  it("names a spreadsheet export's values JSON cannot hold as they are", () => {
    expect(jsonProblem('{"agreements": [{"startDate": 2026-12-01, x: [}]}\n')).toEqual([1, 31, '2026-12-01 must be in double quotes ("2026-12-01"): JSON has no dates or times, only text']);
    expect(jsonProblem('{"agreements": [{"n": 01234,}}]}\n')).toEqual([
      1,
      23,
      '01234 is not a JSON number (no leading zero): if it is a code or a phone number, put it in double quotes ("01234")',
    ]);
    expect(jsonProblem('{"agreements": [{"venue": "C:\\Users\\x"}}]}\n')).toEqual([1, 30, '\\U is not an escape JSON knows: write \\\\ for a backslash (C:\\\\Users), or \\n, \\t, \\"']);
    expect(jsonProblem('{"agreements": [{template: "one-to-one" "x": 1}]}\n')).toEqual([1, 18, 'the key template must be in double quotes: "template"']);
    expect(jsonProblem('{"agreements": [{"agency": Northshire "x": 1}]}\n')[2]).toBe('unexpected Northshire: text must be in double quotes ("Northshire")');
    expect(jsonProblem('{"agreements": [{"contractedOut": no "x": 1}]}\n')[2]).toBe('unexpected no: text must be in double quotes ("no"); a yes or no answer is written true or false');
  });
});

describe('the commonest slips of a hand-typed file', () => {
  /** [line, column, message] of the one problem `text` is refused with. */
  const slip = (text: string): [number | undefined, number | undefined, string] => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    return [problems[0]!.location?.line, problems[0]!.location?.column, problems[0]!.message.split('\n')[0]!];
  };

  it('says that a value with ": " in it must be quoted, rather than "Nested mappings are not allowed in compact mappings"', () => {
    expect(slip('expectations:\n  fromSupervisor: He said "Time: protected" # agreed\n')).toEqual([
      2,
      19,
      'this value has ": " in it, which YAML reads as the start of another key: put the whole value in quotes (\'He said "Time: protected"\')',
    ]);
    // One word before the colon may as well be an answer meant to be nested: both mends are said.
    expect(slip('supervisee: name: Tom Evans\n')[2]).toBe(
      'this value has ": " in it, which YAML reads as the start of another key: if name is an answer inside supervisee, put it on a line of its own below, ' +
        'indented further than supervisee; if it is all one value, put the whole value in quotes ("name: Tom Evans")',
    );
    expect(slip('supervisee: {name: Tom, role: Lead: East}\n')).toEqual([1, 31, 'this value has ": " in it, which inside { } YAML reads as another key: put it in quotes ("Lead: East")']);
    expect(slip('supervisee: {name: Tom role: SW}\n')[2]).toBe(
      '"Tom role: SW" has ": " in it: if it is two answers, put a comma between them (Tom, role: …); if it is one value, put it in quotes ("Tom role: SW")',
    );
  });

  it('points at a line indented further than the key above it, not at that key', () => {
    expect(slip('agreements:\n- template: one-to-one\n\n   supervisee: {name: Tom}\n')).toEqual([
      4,
      4,
      "this line is indented 3 spaces, but template: above it (line 2) is indented 2 spaces: indent this one by 2 as well, so that it is read as the next key, not as part of template's value",
    ]);
  });

  it('offers both keys a line indented between two could go beside, rather than "All mapping items must start at the same column"', () => {
    expect(slip('agreements:\n  - supervisee:\n      name: Tom\n\n      # the role\n     role: SW\n')).toEqual([
      6,
      6,
      'this line is indented 5 spaces, between name: (line 3, indented 6 spaces) and supervisee: (line 2, indented 4 spaces): indent it by 6 to put it beside name, or by 4 to put it beside supervisee',
    ]);
    expect(slip('defaults:\n  agency: X\n agreements:\n  - template: one-to-one\n')).toEqual([
      3,
      2,
      'this line is indented 1 space, between agency: (line 2, indented 2 spaces) and defaults: (line 1, not indented): indent it by 2 to put it beside agency, or remove its indent to put it beside defaults',
    ]);
    // Looked for up to the first line, blank or not, and no further.
    expect(slip('\n   a:\n     b: 1\n    c: 2\n').slice(0, 2)).toEqual([4, 5]);
    expect(slip('\n  x: 1\n y: 2\n')[2]).toBe('Unexpected scalar at node end');
  });

  it('says that a key needs a space after its colon', () => {
    expect(slip('agreements:\n  - template:one-to-one\n    supervisee: {name: Tom}\n')).toEqual([
      2,
      5,
      'add a space after the colon (template: one-to-one): without one, YAML reads template:one-to-one as a single piece of text, not a key and its value',
    ]);
  });
});

describe('a quote never closed', () => {
  it('is shown where the quoted value starts, not at the end of the file', () => {
    expect(problemsOf('agency: A\nname: "unclosed\nrole: x\n').map((problem) => [problem.location?.line, problem.location?.column, problem.message.split('\n')[0]])).toEqual([
      [2, 7, 'the quoted value that starts here is never closed: add the closing " where it ends'],
    ]);
    expect(problemsOf("members: [{ name: 'Tom }]\n").map((problem) => [problem.location?.line, problem.location?.column])).toEqual([[1, 19]]);
  });
});

describe('lists or mappings nested thousands of levels deep', () => {
  const deeply = 'its lists or mappings are nested too deeply to read (hundreds of levels, one inside another); answers need a few levels at most';

  it('are refused in words, not as a bug in supervise, however they are written', () => {
    // Block mappings, which the parser does not catch itself, flow lists, which it reports as a syntax error, and JSON.
    const block = `defaults:\n${Array.from({ length: 2500 }, (_, level) => `${' '.repeat(level + 1)}a:\n`).join('')}`;
    expect(problemsOf(block).map((problem) => problem.message.split('\n')[0])).toEqual([deeply]);
    expect(problemsOf(`agreements: ${'['.repeat(50000)}${']'.repeat(50000)}\n`)[0]!.message.split('\n')[0]).toBe(deeply);
    expect(problemsOf(`{"agreements": ${'['.repeat(50000)}${']'.repeat(50000)}}\n`, 'roster.json')[0]!.message.split('\n')[0]).toBe(
      'the { } and [ ] here are nested more than 1000 deep; answers need a few levels at most',
    );
  });
});
