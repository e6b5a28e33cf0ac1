import { confirm, input } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { buildConfirmConfig, buildInputConfig } from '../../../src/interview/inquirer-prompts.js';
import { formatUkLongDate, normaliseTypedDate } from '../../../src/packs/field-values.js';

// Real @inquirer/prompts renders of the configs the interview builds.

describe('the input prompt as the interview configures it', () => {
  const dateQuestion = {
    message: 'Date the agreement starts',
    validate: (text: string) => (normaliseTypedDate(text) ? undefined : 'must be a real date, typed as YYYY-MM-DD or DD/MM/YYYY'),
    echo: (text: string) => formatUkLongDate(normaliseTypedDate(text) ?? text),
  };

  it('shows a bad answer under the prompt, keeps asking, then echoes the date in long form', async () => {
    const { answer, events, getScreen } = await render(input, buildInputConfig(dateQuestion));
    events.type('31/02/2026');
    events.keypress('enter');
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(getScreen()).toContain('> must be a real date, typed as YYYY-MM-DD or DD/MM/YYYY');
    expect(getScreen()).toContain('? Date the agreement starts 31/02/2026');
    for (let index = 0; index < '31/02/2026'.length; index += 1) events.keypress('backspace');
    events.type('1/12/2026');
    events.keypress('enter');
    await expect(answer).resolves.toBe('1/12/2026');
    expect(getScreen()).toContain('Date the agreement starts 1 December 2026');
  });

  it('offers the default in brackets and takes it on Enter', async () => {
    const { answer, events, getScreen } = await render(
      input,
      buildInputConfig({ message: 'Length of each session in minutes', default: '90', validate: () => undefined }),
    );
    expect(getScreen()).toContain('Length of each session in minutes (90)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('90');
  });
});

describe('the confirm prompt as the interview configures it', () => {
  it('defaults to no when asked to replace a file', async () => {
    const { answer, events, getScreen } = await render(confirm, buildConfirmConfig({ message: 'a.md already exists. Replace it?', default: false }));
    expect(getScreen()).toContain('a.md already exists. Replace it? (y/N)');
    events.keypress('enter');
    await expect(answer).resolves.toBe(false);
  });
});
