import { type PromptDefinition, PromptRepository, PromptVariableError, renderPrompt } from '@lab/index.ts';
import { describe, expect, it } from 'vitest';
import { PROMPTS_DIR } from './helpers.ts';

/** One prompt version from the lab's repository (loaded per test so a failure stays in its test). */
async function prompt(promptId: string, version: string): Promise<PromptDefinition> {
  return (await PromptRepository.load(PROMPTS_DIR)).get(promptId, version);
}

const ticket = {
  customer_name: 'Dana',
  order_id: 'ORD-1042',
  ticket: 'My tent has been "in transit" for six days.',
};

/** Renders and returns the PromptVariableError it must throw. */
async function variableError(promptId: string, version: string, variables: unknown): Promise<PromptVariableError> {
  const definition = await prompt(promptId, version);
  try {
    renderPrompt(definition, variables);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('TODO')) throw error;
    expect(error).toBeInstanceOf(PromptVariableError);
    return error as PromptVariableError;
  }
  throw new Error(`rendering ${promptId}@${version} with ${JSON.stringify(variables)} should have failed`);
}

describe('rendering validates variables with zod and fills the template', () => {
  it('renders messages and pins the version, hash and sampling parameters', async () => {
    const definition = await prompt('support-reply', '1.1.0');
    const rendered = renderPrompt(definition, { ...ticket, tone: 'formal' });
    expect(rendered).toMatchObject({
      promptId: 'support-reply',
      version: '1.1.0',
      hash: definition.hash,
      model: 'gpt-4o-mini',
    });

    const [system, user] = rendered.request.messages;
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('Write a short, formal reply');
    expect(user?.role).toBe('user');
    expect(user?.content).toBe(`Customer: Dana\nOrder: ORD-1042\n\n${ticket.ticket}`);
    expect(rendered.request).toMatchObject({
      temperature: 0.2,
      maxOutputTokens: 500,
      responseFormat: { type: 'json' },
    });
  });

  it('applies declared defaults and converts numbers to text', async () => {
    const reply = renderPrompt(await prompt('support-reply', '1.1.0'), ticket);
    expect(reply.request.messages[0]?.content).toContain('Write a short, friendly reply');
    expect(reply.variables.tone).toBe('friendly');

    const summary = renderPrompt(await prompt('ticket-summary', '1.0.0'), {
      thread: 'Where is my tent?',
      max_bullets: 3,
    });
    expect(summary.request.messages).toEqual([
      { role: 'user', content: expect.stringContaining('at most 3\nbullet points') },
    ]);
    expect(summary.request.messages[0]?.content).not.toContain('{{');
  });

  it('rejects a missing variable, naming it', async () => {
    const error = await variableError('support-reply', '1.0.0', { customer_name: 'Dana', order_id: 'ORD-1042' });
    expect(error.problems).toEqual(['missing variable "ticket"']);
    expect(error.message).toContain('support-reply@1.0.0');
  });

  it('rejects an unknown variable, naming it', async () => {
    const error = await variableError('support-reply', '1.0.0', { ...ticket, customerName: 'Dana' });
    expect(error.problems).toEqual(['unknown variable "customerName"']);
    // 1.0.0 declares no tone: passing one is an error, not silently ignored.
    expect((await variableError('support-reply', '1.0.0', { ...ticket, tone: 'formal' })).problems).toEqual([
      'unknown variable "tone"',
    ]);
  });

  it('rejects values that break the declared type or constraints, naming the variable', async () => {
    const tone = await variableError('support-reply', '1.1.0', { ...ticket, tone: 'casual' });
    expect(tone.problems).toHaveLength(1);
    expect(tone.problems[0]).toMatch(/^variable "tone": /);

    const bullets = await variableError('ticket-summary', '1.0.0', { thread: 'x', max_bullets: 2.5 });
    expect(bullets.problems[0]).toMatch(/^variable "max_bullets": /);

    const empty = await variableError('support-reply', '1.1.0', { ...ticket, customer_name: '' });
    expect(empty.problems[0]).toMatch(/^variable "customer_name": /);

    const several = await variableError('support-reply', '1.1.0', { order_id: 42, extra: true });
    expect(several.problems).toEqual(
      expect.arrayContaining([
        'missing variable "customer_name"',
        'missing variable "ticket"',
        'unknown variable "extra"',
        expect.stringMatching(/^variable "order_id": /),
      ]),
    );
  });
});
