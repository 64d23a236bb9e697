/**
 * `npm run cli -- <command>`:
 *   createsuperuser --username U --email E --password P   (prompts for what is missing on a terminal)
 *   seed-demo                                              (idempotent demo organization and user)
 *   reset-password <username> [--stdin]                    (prints a new random password, or sets the one read from stdin)
 *   create-database                                        (creates DATABASE_URL's database if it is missing)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { migrate, openOrm, ormOptions } from './db/orm.js';
import { checkDatabase, createDatabase, DatabaseSetupError } from './db/preflight.js';
import { saveDemoLogin } from './demo/login.js';
import { checkPassword, normalizeUsername, USERNAME_PATTERN } from './modules/core/auth.service.js';
import { seedDemo } from './demo/index.js';
import { createSuperuser, resetUserPassword } from './modules/core/seed.js';
import { InputCheck } from './shared/input-check.js';
import { PayloadError } from './shared/user-error.js';

export class UsageError extends Error {}

type SuperuserInput = { username: string; email: string; password: string };

/** Validates createsuperuser input with the same rules as sign-up; throws UsageError naming each problem. */
export function checkSuperuserInput(input: Partial<SuperuserInput>): SuperuserInput {
  const username = normalizeUsername(input.username ?? '');
  const check = new InputCheck()
    .text('username', username, { min: 3, max: 150, pattern: USERNAME_PATTERN, hint: 'may contain lower-case letters, digits and _ . @ + -' })
    .email('email', input.email);
  try {
    checkPassword(check, 'password', input.password).done();
  } catch (error) {
    if (error instanceof PayloadError) throw new UsageError(error.errors.map((e) => `--${e.field}: ${e.message}`).join('\n'));
    throw error;
  }
  return { username, email: input.email!.trim(), password: input.password! };
}

/**
 * `reset-password <username> [--stdin]`: the new password is generated (and printed once) unless
 * `--stdin` asks to read it from standard input (its first line), so it never appears in the
 * shell history or the process list.
 */
export async function resetPasswordInput(
  rest: string[],
  stdin: () => Promise<string>,
): Promise<{ username: string; password: string; generated: boolean }> {
  const { values, positionals } = parseArgs({ args: rest, options: { stdin: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('Usage: reset-password <username> [--stdin]');
  const username = normalizeUsername(positionals[0]);
  const generated = !values.stdin;
  const password = generated ? randomBytes(18).toString('base64url') : ((await stdin()).split(/\r?\n/)[0] ?? '');
  try {
    checkPassword(new InputCheck(), 'password', password).done();
  } catch (error) {
    if (error instanceof PayloadError) throw new UsageError(error.errors.map((e) => `password from stdin: ${e.message}`).join('\n'));
    throw error;
  }
  return { username, password, generated };
}

async function prompt(missing: (keyof SuperuserInput)[], values: Partial<SuperuserInput>): Promise<Partial<SuperuserInput>> {
  if (missing.length === 0) return values;
  if (!process.stdin.isTTY) throw new UsageError(`Missing ${missing.map((m) => `--${m}`).join(', ')} (no terminal to prompt on)`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    const answers = { ...values };
    for (const field of missing) {
      if (field === 'password') {
        // Hide what is typed: write the prompt, then mute echo until Enter.
        const output = rl as unknown as { _writeToOutput: (s: string) => void };
        const write = output._writeToOutput.bind(rl);
        process.stdout.write('password: ');
        output._writeToOutput = () => undefined;
        answers.password = await rl.question('');
        output._writeToOutput = write;
        process.stdout.write('\n');
      } else {
        answers[field] = await rl.question(`${field}: `);
      }
    }
    return answers;
  } finally {
    rl.close();
  }
}

async function withOrm<T>(run: (orm: Awaited<ReturnType<typeof openOrm>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (!config.databaseUrl) await mkdir(config.pgliteDataDir, { recursive: true });
  await checkDatabase(config);
  const orm = await openOrm(ormOptions(config));
  try {
    await migrate(orm);
    return await run(orm);
  } finally {
    await orm.close();
  }
}

export async function runCli(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'createsuperuser': {
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } },
      });
      const missing = (['username', 'email', 'password'] as const).filter((k) => !values[k]);
      const input = checkSuperuserInput(await prompt([...missing], values));
      const user = await withOrm((orm) => createSuperuser(orm.em.fork(), input));
      console.log(`Superuser "${user.username}" is ready.`);
      return;
    }
    case 'create-database': {
      const created = await createDatabase(loadConfig());
      console.log(created ? 'Created the database named in DATABASE_URL.' : 'The database named in DATABASE_URL already exists.');
      return;
    }
    case 'seed-demo': {
      const config = loadConfig();
      const login = await withOrm(async (orm) => {
        const seeded = await seedDemo(orm.em.fork(), config.demoPassword);
        // Fresh statistics for the planner right away, rather than whenever autovacuum gets to it.
        await orm.em.fork().execute('analyze');
        return seeded;
      });
      console.log(
        login
          ? await saveDemoLogin(config.demoLoginFile, login, config.demoPassword !== undefined)
          : 'Demo organization already exists; nothing to do.',
      );
      return;
    }
    case 'reset-password': {
      const input = await resetPasswordInput(rest, () => text(process.stdin));
      const user = await withOrm((orm) => resetUserPassword(orm.em.fork(), input.username, input.password));
      if (!user) throw new UsageError(`No user "${input.username}"`);
      console.log(
        input.generated
          ? `Password of "${user.username}" reset; every token of theirs is revoked.\nnew password: ${input.password}`
          : `Password of "${user.username}" set from stdin; every token of theirs is revoked.`,
      );
      return;
    }
    default:
      throw new UsageError(
        `Unknown command "${command ?? ''}". Commands: createsuperuser [--username U --email E --password P], seed-demo, reset-password <username> [--stdin], create-database`,
      );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).catch((error) => {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof DatabaseSetupError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  });
}
