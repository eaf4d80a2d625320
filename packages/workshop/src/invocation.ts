/**
 * How the participant runs the CLI, for messages that tell them what to type next: `pnpm workshop`,
 * or `npm run workshop --` on a machine without pnpm (the bootstrap sets it when npm started it).
 */
export function workshopCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.WORKSHOP_INVOCATION || 'pnpm workshop';
}
