#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { checkCommand } from './commands/check.ts';
import { loadContext, parseTarget } from './commands/context.ts';
import { dashboardCommand } from './commands/dashboard.ts';
import { diffCommand } from './commands/diff.ts';
import { doctorCommand } from './commands/doctor.ts';
import { hintCommand } from './commands/hint.ts';
import { listCommand } from './commands/list.ts';
import { parseFormat, reportCommand } from './commands/report.ts';
import { resetCommand } from './commands/reset.ts';
import { submitCommand } from './commands/submit.ts';
import { verifyCommand } from './commands/verify.ts';
import { watchCommand } from './commands/watch.ts';
import { oneLine, WorkshopError } from './errors.ts';
import { workshopCommand } from './invocation.ts';
import { enableCompileCache } from './runner/compile-cache.ts';

const usage = () => `Usage: ${workshopCommand()} [command] [options]

  (no command)                 watch the current lab: re-check on save, hints, progress
  watch [lab]                  the same, starting at a given lab
  list [--json]                labs in order with saved progress
  verify [lab…] [--target labs|solutions] [--json]
                               run the DoD tests once (exit 1 when a checkpoint fails)
  hint <lab> [--level N] [--checkpoint DoD-n]
                               a hint for the first unfinished checkpoint
  reset <lab>                  back up your src/ and restore the starter
  diff <lab>                   your src/ against the reference solution
  doctor                       check Node, pnpm, provider settings and live services
  check [lab…]                 (authors) every checkpoint fails on its starter and passes on its solution
  report [--format json|md|html] [--name NAME]
                               your saved progress with who and when (\`verify\` or a watch re-check refreshes it)
  submit --to URL --token T [--name NAME]
                               send your progress to the instructor's dashboard (queued when it is down);
                               watch mode submits by itself when WORKSHOP_DASHBOARD_URL and WORKSHOP_TOKEN are set
  dashboard [--port N] [--db PATH] [--max-participants N]
                               (instructors) the live dashboard; prints its URL and the two tokens
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      target: { type: 'string' },
      level: { type: 'string' },
      checkpoint: { type: 'string' },
      format: { type: 'string' },
      name: { type: 'string' },
      to: { type: 'string' },
      token: { type: 'string' },
      port: { type: 'string' },
      db: { type: 'string' },
      'max-participants': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command = 'watch', ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  // Commands that name labs read only those manifests; the others need the whole list.
  const named = ['verify', 'check', 'hint', 'reset', 'diff'].includes(command) ? rest : [];
  const context = await loadContext(process.cwd(), named);
  enableCompileCache(context.root);
  switch (command) {
    case 'watch':
      return watchCommand(context, rest[0]);
    case 'list':
      return listCommand(context, { json: values.json });
    case 'verify':
      return verifyCommand(context, rest, { target: parseTarget(values.target), json: values.json });
    case 'hint':
      return hintCommand(context, rest[0], { level: values.level, checkpoint: values.checkpoint });
    case 'reset':
      return resetCommand(context, rest[0]);
    case 'diff':
      return diffCommand(context, rest[0]);
    case 'doctor':
      return doctorCommand(context);
    case 'check':
      return checkCommand(context, rest);
    case 'report':
      return reportCommand(context, { format: parseFormat(values.format), name: values.name });
    case 'submit':
      return submitCommand(context, { to: values.to, token: values.token, name: values.name });
    case 'dashboard':
      return dashboardCommand(context, {
        port: values.port,
        db: values.db,
        maxParticipants: values['max-participants'],
      });
    default:
      throw new WorkshopError(`unknown command "${command}"; run \`${workshopCommand()} --help\``);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Participants see one actionable line, never a stack trace; WORKSHOP_DEBUG=1 shows it for authors.
    process.stderr.write(`workshop: ${oneLine(error)}\n`);
    if (process.env.WORKSHOP_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    process.exitCode = 2;
  },
);
