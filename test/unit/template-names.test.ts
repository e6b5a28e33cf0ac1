import { describe, expect, it } from 'vitest';
import { checkManifest } from '../../src/packs/check-manifest.js';
import type { PackManifest } from '../../src/packs/pack-format.js';
import { checkTemplateNames, type TemplateUnit } from '../../src/packs/template-names.js';
import { parseTemplate } from '../../src/packs/template-syntax.js';

const manifest = ((): PackManifest => {
  const checked = checkManifest({
    name: 'test',
    title: 'Test',
    version: '1.0.0',
    description: 'A pack for tests.',
    fileNameFrom: ['groupName'],
    subject: 'Group {{groupName}}',
    signers: [
      { field: 'supervisor', title: 'Supervisor' },
      { field: 'members', title: 'Member' },
    ],
    fields: [
      { key: 'agency', type: 'text', label: 'Agency' },
      { key: 'groupName', type: 'text', label: 'Group', required: false },
      { key: 'supervisor', type: 'person', label: 'Supervisor' },
      { key: 'deputy', type: 'person', label: 'Deputy', required: false },
      { key: 'members', type: 'persons', label: 'Members' },
      { key: 'groundRules', type: 'textlist', label: 'Rules', required: false },
      { key: 'schedule.time', type: 'time', label: 'Time' },
      { key: 'schedule.durationMinutes', type: 'integer', label: 'Minutes', unit: 'minutes' },
      { key: 'review.intervalMonths', type: 'integer', label: 'Months', unit: 'months' },
      { key: 'caseload', type: 'integer', label: 'Cases' },
      { key: 'contractedOut', type: 'boolean', label: 'Contracted out', default: false },
      { key: 'schedule.frequency', type: 'choice', label: 'How often', choices: [{ value: 'weekly', label: 'weekly' }, { value: 'four-weekly', label: 'every four weeks' }] },
    ],
  });
  if (!checked.manifest) throw new Error(JSON.stringify(checked.problems));
  return checked.manifest;
})();

function unit(file: string, source: string): TemplateUnit {
  const parsed = parseTemplate(source, file);
  if (!parsed.ast) throw new Error(JSON.stringify(parsed.problems));
  return { file, ast: parsed.ast };
}

function check(entry: string, partials: Record<string, string> = {}) {
  return checkTemplateNames({
    manifest,
    roots: [unit('/t/pack/agreement.md.hbs', entry)],
    partials: new Map(Object.entries(partials).map(([name, source]) => [name, unit(`/t/partials/${name}.md.hbs`, source)])),
    baseDir: '/t',
  });
}

const messages = (entry: string, partials?: Record<string, string>): string[] =>
  check(entry, partials).problems.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message}`);

describe('checkTemplateNames', () => {
  it('accepts every declared field, the signers and the template', () => {
    expect(messages('{{agency}} {{schedule.time}} {{minutes schedule.durationMinutes}} {{template.title}} {{#each signers}}{{title}} {{name}}{{/each}}')).toEqual([]);
  });

  it('names an undeclared field with its position and a suggestion', () => {
    expect(messages('Hello\n  {{agencyy}}')).toEqual(['2:5 "agencyy" is not a field of this pack (did you mean "agency"?)']);
    expect(messages('{{schedule.tiem}}')).toEqual(['1:3 "schedule.tiem" is not a field of this pack (did you mean "schedule.time"?)']);
  });

  it('says how to add a name that is nothing like a field, as it is new to the pack rather than misspelt', () => {
    expect(messages('{{dslPhone}}')).toEqual(['1:3 "dslPhone" is not a field of this pack; to ask for it, declare it under fields in template.yaml']);
  });

  it('checks names in conditions, which strict rendering does not', () => {
    expect(messages('{{#if groupNmae}}x{{/if}}')).toEqual(['1:7 "groupNmae" is not a field of this pack (did you mean "groupName"?)']);
  });

  it('resolves names inside #each relative to the item', () => {
    expect(messages('{{#each members}}{{inc @index}}. {{name}}{{#if role}} ({{role}}){{/if}} {{@root.agency}} {{../agency}}{{/each}}')).toEqual([]);
    expect(messages('{{#each members}}{{agency}}{{/each}}')).toEqual([
      '1:20 "agency" is not available here, where the context is a person (name, role, email, registration); the pack\'s field is reached from here as "@root.agency"',
    ]);
    expect(messages('{{#each groundRules}}- {{this}}{{/each}}')).toEqual([]);
  });

  it('resolves block parameters', () => {
    expect(messages('{{#each members as |member i|}}{{i}} {{member.name}} {{name}} {{@root.agency}}{{/each}}')).toEqual([]);
    expect(messages('{{#each members as |member|}}{{member.nmae}}{{/each}}')).toEqual([
      '1:32 "member.nmae": "member" is a person (name, role, email, registration), which has no "nmae" (did you mean "member.name"?)',
    ]);
  });

  it('rejects #each over something that is not a list', () => {
    expect(messages('{{#each agency}}{{/each}}')).toEqual([
      '1:9 {{#each}} needs a list, but "agency" is text: print it whole with {{agency}}, or make it a list of text (type: textlist) in template.yaml',
    ]);
  });

  it('walks partials in the context and parameters they are given', () => {
    const partials = { person: '{{name}}{{#if role}}, {{role}}{{/if}}', schedule: '## {{heading}}\n{{schedule.time}}' };
    expect(messages('{{> person supervisor}} {{#each members}}{{> person this}}{{/each}} {{> schedule heading="When"}}', partials)).toEqual([]);
    const result = check('{{> schedule heading="When"}}', { schedule: '## {{heading}}\n{{headnig}}' });
    expect(result.problems).toEqual([
      {
        path: '',
        location: { file: '/t/partials/schedule.md.hbs', line: 2, column: 3 },
        message:
          '"headnig" is not a field of this pack, nor a parameter given to the partial (heading) (did you mean "heading"?) (in partial "schedule" included from pack/agreement.md.hbs:1)',
      },
    ]);
  });

  it('reports a partial that does not exist, but not one with a fallback block', () => {
    expect(messages('{{> persn supervisor}}', { person: '{{name}}' })).toEqual([
      '1:5 the partial "persn" does not exist (did you mean "person"?); partials are the .md.hbs files in partials/',
    ]);
    expect(messages('{{#> missing}}fallback {{agency}}{{/missing}}')).toEqual([]);
  });

  it('says what to do about a partial that does not exist and is like none that does: add its file, or remove the include', () => {
    expect(messages('{{> escalation-routes}}', { person: '{{name}}' })).toEqual([
      '1:5 the partial "escalation-routes" does not exist; partials are the .md.hbs files in partials/, so add partials/escalation-routes.md.hbs or remove this include',
    ]);
  });

  it('says to rename a partial whose file name has a space, which no include can give, rather than "did you mean" it', () => {
    expect(messages('{{> EscalationRoute}}', { 'Escalation Route': 'Call the lead.' })).toEqual([
      '1:5 the partial "EscalationRoute" does not exist; the nearest, partials/Escalation Route.md.hbs, cannot be included, as an include cannot give a name with spaces or marks: rename the file partials/EscalationRoute.md.hbs and include it as {{> EscalationRoute}}',
    ]);
    expect(messages('{{> escalation-rout}}', { 'Escalation route': 'Call the lead.' })).toEqual([
      '1:5 the partial "escalation-rout" does not exist; the nearest, partials/Escalation route.md.hbs, cannot be included, as an include cannot give a name with spaces or marks: rename the file partials/Escalation-route.md.hbs and include it as {{> Escalation-route}}',
    ]);
  });

  it('reports a helper given too few or too many values, which would print "[object Object]" or ignore one', () => {
    expect(messages('[{{inc}}] {{minutes schedule.durationMinutes 2}} {{#if (eq agency)}}x{{/if}}')).toEqual([
      '1:4 "inc" takes one value, as in {{inc @index}}, but is given 0',
      '1:13 "minutes" takes one value, as in {{minutes schedule.durationMinutes}}, but is given 2',
      '1:57 "eq" takes 2 values, as in {{#if (eq schedule.frequency "monthly")}}, but is given 1',
    ]);
    expect(messages('{{inc 1}} {{minutes schedule.durationMinutes}} {{sentence agency}} {{#if (eq agency "x")}}x{{/if}}')).toEqual([]);
    // An integer field that says it counts something else; one that says nothing may count minutes.
    expect(messages('{{minutes review.intervalMonths}} {{minutes caseload}}')).toEqual([
      '1:11 "minutes" needs a number of minutes, from an integer field, as in {{minutes schedule.durationMinutes}}, but "review.intervalMonths" counts months',
    ]);
  });

  it('reports an option a helper does not read, which it would ignore without a word, at the option', () => {
    expect(messages('on {{clause agency aftr="on"}}, {{minutes schedule.durationMinutes long=true}}')).toEqual([
      '1:20 "clause" has no option "aftr"; it takes after="…"',
      '1:68 "minutes" has no option "long"; it takes no options',
    ]);
    expect(messages('on {{clause agency after="on"}}')).toEqual([]);
  });

  it('reports a helper given a field of a type it cannot use, at the value, with the field\'s type and what the helper needs', () => {
    expect(messages('{{minutes agency}} {{inc schedule.time}}\n{{sentence supervisor}} {{sentence groundRules}} {{sentence schedule.durationMinutes}}')).toEqual([
      '1:11 "minutes" needs a number of minutes, from an integer field, as in {{minutes schedule.durationMinutes}}, but is given "agency", a text field',
      '1:26 "inc" needs a number, from an integer field or @index, as in {{inc @index}}, but is given "schedule.time", a time field',
      '2:12 "sentence" needs text, from a text, longtext, choice, date or time field, as in {{sentence notSupervision}}, but is given "supervisor", a person field',
      '2:36 "sentence" needs text, from a text, longtext, choice, date or time field, as in {{sentence notSupervision}}, but is given "groundRules", a textlist field',
      '2:61 "sentence" needs text, from a text, longtext, choice, date or time field, as in {{sentence notSupervision}}, but is given "schedule.durationMinutes", an integer field',
    ]);
    // A field given to a partial is still that field there.
    expect(check('{{> named who=agency}}', { named: '{{minutes who}}' }).problems.map((problem) => problem.message)).toEqual([
      '"minutes" needs a number of minutes, from an integer field, as in {{minutes schedule.durationMinutes}}, but is given "who", which is "agency", a text field (in partial "named" included from pack/agreement.md.hbs:1)',
    ]);
  });

  it('leaves a helper\'s value alone where its type is not certain to be wrong', () => {
    // Literals, helpers' results, parts of a person, list items and the fields each helper takes.
    const fine = [
      '{{minutes 90}} {{minutes (inc 1)}} {{inc "x"}} {{sentence supervisor.name}} {{sentence schedule.time}}',
      '{{#each members}}{{inc @index}}. {{sentence name}}{{/each}} {{#each groundRules}}{{sentence this}}{{/each}}',
      '{{minutes @root.schedule.durationMinutes}} {{#with schedule}}{{minutes durationMinutes}}{{/with}} {{#if (eq agency 1)}}x{{/if}}',
    ];
    for (const source of fine) expect(messages(source), source).toEqual([]);
  });

  it('says text compared with a choice field is never equal unless it is one of the labels templates see', () => {
    expect(messages('{{#if (eq schedule.frequency "four-weekly")}}a{{/if}}\n{{#if (eq "fortnightly" schedule.frequency)}}b{{/if}}')).toEqual([
      '1:30 "eq" compares "schedule.frequency" with "four-weekly", which it never equals: a choice reaches templates as its label; write "every four weeks"',
      '2:11 "eq" compares "schedule.frequency" with "fortnightly", which it never equals: a choice reaches templates as its label; write one of "weekly", "every four weeks"',
    ]);
    expect(messages('{{#if (eq schedule.frequency "every four weeks")}}a{{/if}} {{#if (eq "weekly" schedule.frequency)}}b{{/if}} {{#if (eq agency "four-weekly")}}c{{/if}}')).toEqual([]);
  });

  it('says a helper used as a block is not one, rather than that it is given too few values', () => {
    expect(messages('{{#inc 1}}x{{/inc}}\n{{#eq agency "x"}}y{{/eq}}')).toEqual([
      '1:4 "inc" is not a block helper, so the text between {{#inc}} and {{/inc}} is never printed; write it as {{inc …}}, as in {{inc @index}}',
      '2:4 "eq" is not a block helper, so the text between {{#eq}} and {{/eq}} is never printed; use it as a condition, as in {{#if (eq schedule.frequency "monthly")}}',
    ]);
    // Its values are still checked as the helper's.
    expect(messages('{{#minutes agency}}x{{/minutes}}')[1]).toMatch(/^1:12 "minutes" needs a number of minutes/);
  });

  it('says a block helper used without its block needs one, which rendering would otherwise stop at', () => {
    expect(messages('{{if groupName}} {{each members}}\n{{inc (with supervisor)}} {{unless}}')).toEqual([
      '1:3 "if" is a block helper and cannot be used on its own, so rendering would fail here; write {{#if groupName}} … {{/if}} around the text it applies to',
      '1:20 "each" is a block helper and cannot be used on its own, so rendering would fail here; write {{#each members}} … {{/each}} around the text it applies to',
      '2:8 "with" is a block helper and cannot be used on its own, so rendering would fail here; write {{#with supervisor}} … {{/with}} around the text it applies to',
      '2:29 "unless" is a block helper and cannot be used on its own, so rendering would fail here; write {{#unless …}} … {{/unless}} around the text it applies to',
    ]);
    expect(messages('{{#if groupName}}x{{/if}} {{#each members}}{{name}}{{/each}} {{lookup supervisor "name"}}')).toEqual([]);
  });

  it('says a built-in helper given another number of values than it takes fails to render, which check would otherwise pass', () => {
    expect(messages('{{#if}}a{{/if}} {{#unless agency groupName}}b{{/unless}}\n{{#each}}c{{/each}} {{#with}}d{{/with}} {{lookup}} {{lookup supervisor}}')).toEqual([
      '1:4 "if" takes one value, as in {{#if reflectiveModel}} … {{/if}}, but is given 0, so rendering would fail here',
      '1:20 "unless" takes one value, as in {{#unless contractedOut}} … {{/unless}}, but is given 2, so rendering would fail here',
      '2:4 "each" takes one value, as in {{#each members}} … {{/each}}, but is given 0, so rendering would fail here',
      '2:24 "with" takes one value, as in {{#with supervisor}} … {{/with}}, but is given 0, so rendering would fail here',
      '2:43 "lookup" takes 2 values, as in {{lookup supervisor "name"}}, but is given 0, so rendering would fail here',
      '2:54 "lookup" takes 2 values, as in {{lookup supervisor "name"}}, but is given 1, so rendering would fail here',
    ]);
    expect(messages('{{#if agency}}a{{else}}b{{/if}} {{#unless agency}}c{{/unless}} {{#each members as |m|}}{{m.name}}{{/each}} {{#with supervisor}}{{name}}{{/with}} {{lookup supervisor "name"}}')).toEqual([]);
  });

  it('says a person, a group of fields or a list printed whole would print "[object Object]" or run its items together', () => {
    expect(messages('{{supervisor}} {{schedule}} {{this}}\n{{members}} {{groundRules}} {{#each members}}{{this}}{{/each}}\n{{#each supervisor}}{{this}}{{/each}}')).toEqual([
      '1:3 "supervisor" is a person (name, role, email, registration), which prints as "[object Object]"; print a part of it, as in {{supervisor.name}}',
      '1:18 "schedule" is the group "schedule" (time, durationMinutes, frequency), which prints as "[object Object]"; print a part of it, as in {{schedule.time}}',
      '1:31 "this" is the pack\'s fields, which prints as "[object Object]"; print a part of it, as in {{agency}}',
      '2:3 "members" is a list of persons, which prints as "[object Object],[object Object]"; print each item inside {{#each members}} … {{/each}}',
      '2:15 "groundRules" is a list of text, which prints as its items joined by commas without spaces; print each item inside {{#each groundRules}} … {{/each}}',
      '2:48 "this" is a person (name, role, email, registration), which prints as "[object Object]"; print a part of it, as in {{name}}',
      '3:9 {{#each}} needs a list, but "supervisor" is a person (name, role, email, registration)',
    ]);
    // Given to a partial, it is the partial that prints it whole.
    expect(messages('{{> named who=supervisor}}', { named: '{{who}}' })).toEqual([
      '1:3 "who" is a person (name, role, email, registration), which prints as "[object Object]"; print a part of it, as in {{who.name}} (in partial "named" included from pack/agreement.md.hbs:1)',
    ]);
    expect(messages('{{supervisor.name}} {{supervisor.registration.body}} {{#each members}}{{name}}{{/each}} {{#each groundRules}}{{this}}{{/each}} {{members.length}}')).toEqual([]);
  });

  it('says a yes/no answer printed as it is would put "true" or "false" in the agreement', () => {
    expect(messages('Contracted out: {{contractedOut}}.')).toEqual([
      '1:19 "contractedOut" is a yes/no field, which prints as "true" or "false"; write what the agreement should say in each case: {{#if contractedOut}}…{{else}}…{{/if}}',
    ]);
    // Given to a partial, it is the partial that prints it.
    expect(messages('{{> flag value=contractedOut}}', { flag: '{{value}}' })).toEqual([
      '1:3 "value" is a yes/no field, which prints as "true" or "false"; write what the agreement should say in each case: {{#if value}}…{{else}}…{{/if}} (in partial "flag" included from pack/agreement.md.hbs:1)',
    ]);
    expect(messages('{{#if contractedOut}}yes{{else}}no{{/if}} {{#unless contractedOut}}in-house{{/unless}}')).toEqual([]);
  });

  it('says a clause written after {{> signatures}} would be missing from the PDF, which ends with the signature blocks there', () => {
    const partials = { signatures: '## Signatures\n\n<!-- signatures -->\n\n{{#each signers}}{{name}}: ____\n{{/each}}\n' };
    const moveIt = 'where the PDF ends with the signature blocks, so the PDF would leave it out (the Markdown file would have it): move it above {{> signatures}}';
    expect(messages('# Agreement\n\n{{> signatures}}\n\n## Our extra commitment\n\nWe keep a log.\n', partials)).toEqual([`5:1 this is after {{> signatures}} (line 3), ${moveIt}`]);
    expect(messages('# Agreement\n\n{{> signatures}}\n{{#if groupName}}Group: {{groupName}}{{/if}}\n', partials)).toEqual([`4:1 this is after {{> signatures}} (line 3), ${moveIt}`]);
    // Nothing printed after it, or signature lines of the template's own after a marker line it writes itself, are as meant.
    expect(messages('# Agreement\n\n{{> signatures}}\n{{!-- the end --}}\n\n', partials)).toEqual([]);
    expect(messages('# Agreement\n\n<!-- signatures -->\n\nSigned: ____\n{{> signatures}}\nWitness: ____\n', partials)).toEqual([]);
    expect(messages('# Agreement\n\n{{> signatures}}\n\nText.\n', { signatures: '## Signatures\n' })).toEqual([]);
  });

  it('offers the field a name was renamed to in template.yaml, rather than only to declare the old name again', () => {
    const renamed = checkManifest({
      name: 'renamed', title: 'Renamed', version: '1.0.0', description: 'd', fileNameFrom: ['lead.name'], subject: 'For {{agency}}',
      signers: [{ field: 'lead', title: 'Lead' }],
      fields: [
        { key: 'agencyName', type: 'text', label: 'Agency' },
        { key: 'lead', type: 'person', label: 'Lead' },
        { key: 'schedule.sessionDay', type: 'text', label: 'Day' },
        { key: 'schedule.time', type: 'time', label: 'Time' },
        { key: 'teamName', type: 'text', label: 'Team' },
      ],
    }).manifest!;
    const problems = (entry: string): string[] =>
      checkTemplateNames({ manifest: renamed, roots: [unit('/t/pack/agreement.md.hbs', entry)], partials: new Map(), baseDir: '/t' }).problems.map(
        (problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message}`,
      );
    const insteadOf = (name: string, now: string): string =>
      `"${name}" is not a field of this pack; if it is the field template.yaml now calls "${now}" (which no template uses), write ${now} here instead; if not, to ask for it, declare it under fields in template.yaml`;
    expect(problems('{{lead.name}} of {{agency}} on {{schedule.day}} at {{schedule.time}}, {{teamName}}')).toEqual([
      `1:20 ${insteadOf('agency', 'agencyName')}`,
      // Not "did you mean "schedule"?", which is the group the field is in.
      `1:34 ${insteadOf('schedule.day', 'schedule.sessionDay')}`,
    ]);
    // The only field no template uses, when one name alone is undeclared.
    expect(problems('{{lead.name}} {{organisation}} {{schedule.sessionDay}} {{schedule.time}} {{teamName}}')).toEqual([`1:17 ${insteadOf('organisation', 'agencyName')}`]);
    // A misspelt field is still that field; a new name like no unused field is still to be declared.
    expect(problems('{{lead.name}} {{agencyNme}} {{schedule.sessionDay}} {{schedule.time}} {{teamName}} {{caseload}}')).toEqual([
      '1:17 "agencyNme" is not a field of this pack (did you mean "agencyName"?)',
      '1:86 "caseload" is not a field of this pack; to ask for it, declare it under fields in template.yaml',
    ]);
  });

  it('says what `lookup` picks is printed whole, as it would be by name', () => {
    expect(messages('{{lookup members 0}} {{lookup this "supervisor"}}\n{{lookup supervisor "registration"}} {{#each members}}{{lookup ../members @index}}{{/each}}')).toEqual([
      '1:3 "lookup members 0" is a person (name, role, email, registration), which prints as "[object Object]"; print a part of it, as in {{lookup (lookup members 0) "name"}}',
      '1:24 "lookup this \'supervisor\'" is a person (name, role, email, registration), which prints as "[object Object]"; print a part of it, as in {{lookup (lookup this \'supervisor\') "name"}}',
      '2:3 "lookup supervisor \'registration\'" is a registration (body, number), which prints as "[object Object]"; print a part of it, as in {{lookup (lookup supervisor \'registration\') "body"}}',
      '2:57 "lookup ../members @index" is a person (name, role, email, registration), which prints as "[object Object]"; print a part of it, as in {{lookup (lookup ../members @index) "name"}}',
    ]);
    // A part of what it picks, a text item, or a name only rendering knows, is printed as it is.
    expect(messages('{{lookup (lookup members 0) "name"}} {{lookup groundRules 1}} {{lookup members "length"}} {{lookup supervisor "name"}} {{#each members}}{{lookup ../this "agency"}}{{/each}}')).toEqual([]);
    expect(messages('{{#with (lookup members 0)}}{{nmae}}{{/with}}')).toEqual(['1:31 "nmae" is not available here, where the context is a person (name, role, email, registration) (did you mean "name"?)']);
  });

  it('warns of an item reached by its position in a list that may not have it, which stops the render', () => {
    const warnings = (entry: string): string[] =>
      check(entry).warnings.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message}`);
    expect(warnings('{{groundRules.[0]}}\n{{members.[2].name}} {{#if (eq groundRules.0.length 1)}}x{{/if}}')).toEqual([
      // Printed on its own, the item must be there too: strict Handlebars stops at a missing last part.
      '1:3 "groundRules.[0]" is item 1 of "groundRules", which may have no items, and then rendering stops here; print the items inside {{#each groundRules}} … {{/each}}, or put this inside {{#if groundRules.[0]}}',
      '2:3 "members.[2]" is item 3 of "members", which may have no items, and then rendering stops here; print the items inside {{#each members}} … {{/each}}, or put this inside {{#if members.[2]}}',
      '2:32 "groundRules.[0]" is item 1 of "groundRules", which may have no items, and then rendering stops here; print the items inside {{#each groundRules}} … {{/each}}, or put this inside {{#if groundRules.[0]}}',
    ]);
    expect(check('{{members.[0].name}}').shortListWarnings).toHaveLength(1);
    expect(check('{{groundRules.[0]}}').shortListWarnings).toHaveLength(1);
    // Inside {{#each}} over the list, it has at least one item.
    expect(warnings('{{#each groundRules}}{{@root.groundRules.[0]}}{{/each}} {{#if groundRules.[0]}}{{sentence groundRules.[0]}}{{/if}}')).toEqual([]);
    // Tested first, or reached only by name, it is there.
    expect(warnings('{{#if members.[0]}}{{members.[0].name}}{{/if}} {{#if groundRules}}{{groundRules.0.length}}{{/if}} {{members.length}}')).toEqual([]);
  });

  it('warns of an optional answer printed outside {{#if}} on it, which prints a blank when it is not given', () => {
    const warnings = (entry: string): string[] =>
      check(entry).warnings.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message}`);
    expect(warnings('Group: {{groupName}}.\n{{sentence groupName}}')).toEqual([
      '1:10 "groupName" is printed outside {{#if groupName}}: it is optional, so when it is not given the agreement shows a blank here',
      '2:12 "groupName" is printed outside {{#if groupName}}: it is optional, so when it is not given the agreement shows a blank here',
    ]);
    expect(warnings('{{#if groupName}}Group: {{groupName}}.{{/if}} {{#unless groupName}}none{{else}}{{groupName}}{{/unless}} {{agency}} {{supervisor.role}}')).toEqual([]);
    // {{#with}} renders its block only for an answer that is given.
    expect(warnings('{{#with groupName}}Group: {{this}}.{{/with}} {{#with groupName as |name|}}{{name}}{{/with}} {{#with @root.groupName}}{{.}}{{/with}}')).toEqual([]);
    expect(warnings('{{#with agency}}{{../groupName}}{{/with}} {{#with groupName}}x{{else}}{{groupName}}{{/with}}')).toHaveLength(2);
    // Compared with a text it must equal, it is given there; compared with nothing, or another answer, that is not known.
    expect(warnings('{{#if (eq groupName "Hillside")}}{{groupName}}{{/if}} {{#unless (eq "Hillside" groupName)}}x{{else}}{{groupName}}{{/unless}}')).toEqual([]);
    expect(warnings('{{#if (eq groupName "")}}{{groupName}}{{/if}} {{#if (eq groupName agency)}}{{groupName}}{{/if}} {{#unless (eq groupName "Hillside")}}{{groupName}}{{/unless}}')).toHaveLength(3);
    // A part of an optional person is blank when the person is left out; a part a given person may leave out is not warned of.
    expect(warnings('Deputy: {{deputy.name}} {{sentence deputy.role}}')).toEqual([
      '1:11 "deputy.name" is printed outside {{#if deputy}}: "deputy" is optional, so when it is not given the agreement shows a blank here',
      '1:36 "deputy.role" is printed outside {{#if deputy}}: "deputy" is optional, so when it is not given the agreement shows a blank here',
    ]);
    expect(warnings('{{#if deputy}}{{deputy.name}}{{/if}} {{#with deputy}}{{name}}{{/with}} {{supervisor.role}} {{#each signers}}{{name}}{{/each}}')).toEqual([]);
  });

  it('reports helpers that do not exist', () => {
    expect(messages('{{minute schedule.durationMinutes}}')[0]).toMatch(/^1:3 "minute" is not a helper \(did you mean "minutes"\?\)/);
    // Handlebars' `log` would write to stdout, the data channel of `--json`, so it is not one here.
    expect(messages('{{log agency}}')).toEqual([
      '1:3 "log" is not a helper; helpers: if, unless, each, with, lookup, minutes, eq, inc, sentence, clause',
    ]);
  });

  it('records which fields are used, counting the signers as their people', () => {
    const { usedFields } = check('{{agency}} {{#each signers}}{{name}}{{/each}}');
    expect([...usedFields].sort()).toEqual(['agency', 'members', 'supervisor']);
    expect(check('{{> person supervisor}}', { person: '{{name}}' }).usedFields.has('supervisor')).toBe(true);
  });
});

describe('parseTemplate', () => {
  it('gives the line and column of a syntax error', () => {
    expect(parseTemplate('line one\nand {{agency} two', '/t/a.md.hbs').problems).toEqual([
      { path: '', location: { file: '/t/a.md.hbs', line: 2, column: 13 }, message: 'Handlebars syntax error: unexpected "}"; expected "}}"' },
    ]);
  });

  it('reports a block left open and a mismatched close', () => {
    expect(parseTemplate('{{#if agency}}\nyes\n', '/t/a.md.hbs').problems).toEqual([
      {
        path: '',
        location: { file: '/t/a.md.hbs', line: 3, column: 1 },
        message: 'Handlebars syntax error: unexpected end of file; expected "{{/…}}" (the {{#if}} at 1:1 is never closed)',
      },
    ]);
    // The block never closed is the one named, not the last one opened: a later block's {{/…}} closes that one.
    const nested = '{{#each members}}\n  {{#if name}}{{name}}{{/if}}\n{{/each}}\n{{#if agency}}x\n  {{~^supervisor}}y{{else}}z\n{{#> layout}}\n{{/layout}}\n';
    expect(parseTemplate(nested, '/t/a.md.hbs').problems[0]?.message).toBe(
      'Handlebars syntax error: unexpected end of file; expected "{{/…}}" (the {{^supervisor}} at 5:3 is never closed)',
    );
    expect(parseTemplate('{{#if a}}x{{else if b}}y\n{{#each c}}{{/each}}', '/t/a.md.hbs').problems[0]?.message).toContain('(the {{#if}} at 1:1 is never closed)');
    expect(parseTemplate('x\n{{#if agency}}{{/each}}', '/t/a.md.hbs').problems).toEqual([
      { path: '', location: { file: '/t/a.md.hbs', line: 2, column: 4 }, message: 'Handlebars syntax error: the "if" block opened here is closed by {{/each}}; close it with {{/if}} first' },
    ]);
  });

  it('names a {{ never closed where it opens, not at the next {{ nor as a block left open', () => {
    const at = (source: string) => parseTemplate(source, '/t/a.md.hbs').problems.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message}`);
    expect(at('**Agency:** {{agency\n\nMore.\n\n{{> signatures}}\n')).toEqual(['1:13 Handlebars syntax error: the {{agency that opens here is never closed: end it with }}']);
    expect(at('A {{agency\n\nMore text only.\n')).toEqual(['1:3 Handlebars syntax error: the {{agency that opens here is never closed: end it with }}']);
    expect(at('X {{> person supervisor\n\nY {{agency}}')).toEqual(['1:3 Handlebars syntax error: the {{> person that opens here is never closed: end it with }}']);
    expect(at('{{#if agency}}yes: {{agency\n{{/if}}')).toEqual(['1:20 Handlebars syntax error: the {{agency that opens here is never closed: end it with }}']);
    // A {{#if}} never closed is still the block left open.
    expect(at('{{#if agency}}\nyes\n')[0]).toContain('(the {{#if}} at 1:1 is never closed)');
  });

  it('names a comment never closed where it opens, with how to end it', () => {
    const at = (source: string) => parseTemplate(source, '/t/a.md.hbs').problems.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message}`);
    expect(at('X\n  {{!-- a note for maintainers\nmore\n')).toEqual(['2:3 Handlebars syntax error: the comment {{!-- that opens here is never closed: end it with --}}']);
    expect(at('X {{! a note\nmore\n')).toEqual(['1:3 Handlebars syntax error: the comment {{! that opens here is never closed: end it with }}']);
  });

  it('refuses nesting deeper than Handlebars can render, at the first level too deep, however the template nests', () => {
    const nested = (open: string, middle: string, close: string, depth: number): string => `${open.repeat(depth)}${middle}${close.repeat(depth)}`;
    const at = (source: string): unknown =>
      parseTemplate(source, '/t/a.md.hbs').problems.map(({ location, message }) => ({ ...location, deep: /nested ([\d,]+) deep/.exec(message)?.[1] }));
    // A hundred is allowed; past that each way of nesting is refused where the 101st level opens, with how deep it goes:
    // 1,800 {{#if}} parse and pass the compiler's first pass, and only rendering would run out of stack.
    expect(parseTemplate(nested('{{#if a}}', 'x', '{{/if}}', 100), '/t/a.md.hbs').problems).toEqual([]);
    expect(at(nested('{{#if a}}', 'x', '{{/if}}', 1800))).toEqual([{ file: '/t/a.md.hbs', line: 1, column: 901, deep: '1,800' }]);
    expect(at(`{{#if a}}x${'{{else if b}}y'.repeat(3000)}{{/if}}`)).toEqual([{ file: '/t/a.md.hbs', line: 1, column: 1397, deep: '3,001' }]);
    expect(at(`{{eq ${nested('(eq ', 'a b', ')', 5000)} c}}`)).toEqual([{ file: '/t/a.md.hbs', line: 1, column: 406, deep: '5,000' }]);
    expect(parseTemplate(nested('{{#if a}}', 'x', '{{/if}}', 5000), '/t/a.md.hbs').problems[0]?.message).toMatch(/nested 5,000 deep, one inside another, and at most 100 can be/);
    // Thousands of blocks one after another are no nesting at all.
    expect(parseTemplate('{{#if a}}x{{/if}}\n'.repeat(5000), '/t/a.md.hbs').problems).toEqual([]);
  });

  it('reports what only the compiler rejects', () => {
    expect(parseTemplate('{{> person a b}}', '/t/a.md.hbs').problems[0]?.message).toBe(
      'Handlebars syntax error: Unsupported number of partial arguments: 2',
    );
  });
});

describe('checkTemplateNames: conditional fields given to partials', () => {
  const conditional = ((): PackManifest => {
    const checked = checkManifest({
      name: 'test',
      title: 'Test',
      version: '1.0.0',
      description: 'A pack for tests.',
      fileNameFrom: ['agency'],
      subject: 'Agreement for {{agency}}',
      signers: [{ field: 'supervisor', title: 'Supervisor' }],
      fields: [
        { key: 'agency', type: 'text', label: 'Agency' },
        { key: 'supervisor', type: 'person', label: 'Supervisor' },
        { key: 'contractedOut', type: 'boolean', label: 'Contracted out?', default: false },
        { key: 'lineManager.name', type: 'text', label: 'Line manager', when: 'contractedOut' },
        { key: 'lineManager.arrangement', type: 'longtext', label: 'Arrangement', when: 'contractedOut' },
        { key: 'manager', type: 'person', label: 'Manager', when: 'contractedOut' },
      ],
    });
    if (!checked.manifest) throw new Error(JSON.stringify(checked.problems));
    return checked.manifest;
  })();

  const checkConditional = (entry: string, partials: Record<string, string>) =>
    checkTemplateNames({
      manifest: conditional,
      roots: [unit('/t/pack/agreement.md.hbs', entry)],
      partials: new Map(Object.entries(partials).map(([name, source]) => [name, unit(`/t/partials/${name}.md.hbs`, source)])),
      baseDir: '/t',
    });
  const warningsOf = (entry: string, partials: Record<string, string>): string[] => {
    const result = checkConditional(entry, partials);
    expect(result.problems).toEqual([]);
    return result.warnings.map((warning) => `${warning.location?.file}:${warning.location?.line}:${warning.location?.column} ${warning.message}`);
  };
  const blank = 'it is asked only when contractedOut is yes, so otherwise the agreement shows a blank there';
  const partials = {
    named: 'Line manager: {{who}}',
    plain: '{{this}}',
    person: '{{name}}{{#if role}}, {{role}}{{/if}}',
    section: '{{name}}\n\n{{arrangement}}\n\n{{name}}',
    optional: '{{#if value}}- {{label}}: {{value}}{{/if}}',
    outer: '{{> named who=value}}',
  };

  it('warns at the include when a partial prints a field given to it outside {{#if}} on its condition', () => {
    expect(warningsOf('A\n{{> named who=lineManager.name}}', partials)).toEqual([
      `/t/pack/agreement.md.hbs:2:15 "lineManager.name" is given to the partial "named" as "who" outside {{#if contractedOut}}, and printed at partials/named.md.hbs:1:17: ${blank}`,
    ]);
    expect(warningsOf('{{> plain lineManager.name}}', partials)).toEqual([
      `/t/pack/agreement.md.hbs:1:11 "lineManager.name" is given to the partial "plain" outside {{#if contractedOut}}, and printed at partials/plain.md.hbs:1:3: ${blank}`,
    ]);
    expect(warningsOf('{{> person manager}}', partials)).toEqual([
      `/t/pack/agreement.md.hbs:1:12 "manager" is given to the partial "person" outside {{#if contractedOut}}, and printed at partials/person.md.hbs:1:3: ${blank}`,
    ]);
  });

  it('warns once for one include, naming each conditional field the partial prints from what it was given', () => {
    expect(warningsOf('{{> section lineManager}}', partials)).toEqual([
      '/t/pack/agreement.md.hbs:1:13 "lineManager" is given to the partial "section" outside {{#if contractedOut}}, and its "lineManager.name" and "lineManager.arrangement" are printed (first at partials/section.md.hbs:1:3): they are asked only when contractedOut is yes, so otherwise the agreement shows blanks there',
    ]);
    // Each include is its own warning; a partial given the value through another is traced to where it was first given.
    expect(warningsOf('{{> named who=lineManager.name}}\n{{> outer value=lineManager.name}}', partials)).toEqual([
      `/t/pack/agreement.md.hbs:1:15 "lineManager.name" is given to the partial "named" as "who" outside {{#if contractedOut}}, and printed at partials/named.md.hbs:1:17: ${blank}`,
      `/t/pack/agreement.md.hbs:2:17 "lineManager.name" is given to the partial "outer" as "value" outside {{#if contractedOut}}, and printed at partials/named.md.hbs:1:17: ${blank}`,
    ]);
  });

  it('does not warn inside {{#if}} on the condition or the field, nor where the partial itself tests what it was given', () => {
    const inside = [
      '{{#if contractedOut}}{{> named who=lineManager.name}} {{> section lineManager}} {{> person manager}} {{> outer value=lineManager.name}}{{/if}}',
      '{{#if lineManager.name}}{{> named who=lineManager.name}}{{/if}}',
      '{{#unless contractedOut}}none{{else}}{{> plain lineManager.name}}{{/unless}}',
      '{{> optional label="Line manager" value=lineManager.name}}',
      '{{> named who=agency}} {{> person supervisor}} {{> named who="a literal"}}',
    ];
    for (const entry of inside) expect(warningsOf(entry, partials), entry).toEqual([]);
  });

  it('leaves a field the partial reaches by itself to the partial, as a field printed there', () => {
    expect(warningsOf('{{> named who="x"}}', { named: '{{who}} {{lineManager.name}}' })).toEqual([
      '/t/partials/named.md.hbs:1:11 "lineManager.name" is printed outside {{#if contractedOut}}: it is asked only when contractedOut is yes, so otherwise the agreement shows a blank here (in partial "named" included from pack/agreement.md.hbs:1)',
    ]);
  });

  it('warns when a helper that prints its argument is given a field outside {{#if}} on its condition, as if printed directly', () => {
    const printed = (at: string, key: string): string =>
      `/t/pack/agreement.md.hbs:${at} "${key}" is printed outside {{#if contractedOut}}: it is asked only when contractedOut is yes, so otherwise the agreement shows a blank here`;
    expect(warningsOf('Arrangement: {{sentence lineManager.arrangement}}', partials)).toEqual([printed('1:25', 'lineManager.arrangement')]);
    expect(warningsOf('{{inc 1}} {{sentence agency}}\n{{sentence lineManager.name}}', partials)).toEqual([printed('2:12', 'lineManager.name')]);
    // Given through a partial, it is traced back to the include, as for a field the partial prints itself.
    expect(warningsOf('{{> said what=lineManager.arrangement}}', { said: '{{sentence what}}' })).toEqual([
      `/t/pack/agreement.md.hbs:1:15 "lineManager.arrangement" is given to the partial "said" as "what" outside {{#if contractedOut}}, and printed at partials/said.md.hbs:1:12: ${blank}`,
    ]);
  });

  it('does not warn for a helper inside {{#if}}, nor for one that only tests (eq)', () => {
    const quiet = [
      '{{#if contractedOut}}{{sentence lineManager.arrangement}}{{/if}}',
      '{{#if lineManager.arrangement}}{{sentence lineManager.arrangement}}{{/if}}',
      '{{#if (eq lineManager.name "Ann")}}Ann{{/if}}',
    ];
    for (const entry of quiet) expect(warningsOf(entry, partials), entry).toEqual([]);
  });

  it('reports a misspelt name given to a partial like any other, with no warning as well', () => {
    const result = checkConditional('{{> named who=lineManager.nmae}} {{> person manger}}', partials);
    expect(result.problems.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message}`)).toEqual([
      '1:15 "lineManager.nmae" is not a field of this pack (did you mean "lineManager.name"?)',
      '1:45 "manger" is not a field of this pack (did you mean "manager"?)',
    ]);
    expect(result.warnings).toEqual([]);
  });
});
