import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DemoLogin } from './index.js';

/**
 * The demo login goes to a file only readable by this user (0600, in a 0700 directory when it
 * creates one), never to stdout or the logs: start-up output ends up in CI logs, journald and
 * log shippers. Returns the lines to print instead.
 */
export async function saveDemoLogin(file: string, login: DemoLogin, passwordFromEnv: boolean): Promise<string> {
  if (passwordFromEnv) {
    return `Demo data seeded. Sign in with obtainToken as "${login.username}" in organization "${login.organization}" with the password in DEMO_PASSWORD.`;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const text = `username: ${login.username}\npassword: ${login.password}\norganization: ${login.organization}\n`;
  await writeFile(file, text, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file.
  await chmod(file, 0o600);
  return `Demo data seeded. Sign in with obtainToken as "${login.username}" in organization "${login.organization}"; the password is in ${file} (readable only by you).`;
}

/** On a later start: where the saved login is, if the file is still there. */
export async function demoLoginHint(file: string): Promise<string | null> {
  const saved = await readFile(file, 'utf8').catch(() => null);
  return saved?.includes('password: ') ? `Demo login (username "demo"): the password is in ${file}.` : null;
}
