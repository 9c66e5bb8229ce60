// `kapasitet hash-password`: reads a password from standard input and prints the hash a user's
// access.users[].passwordHash holds, so no password is ever written in the config.
import { text } from 'node:stream/consumers';
import { hashPassword } from '../api/auth/passwords.ts';

export async function hashPasswordCommand(): Promise<number> {
  if (process.stdin.isTTY) process.stderr.write('password (then Enter and Ctrl-D): ');
  const password = (await text(process.stdin)).replace(/\r?\n$/, '');
  if (password.length < 12) {
    console.error('kapasitet hash-password: use at least 12 characters');
    return 2;
  }
  console.log(await hashPassword(password));
  return 0;
}
