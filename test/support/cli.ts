// The `kapasitet` command as a user runs it: a child process through bin/kapasitet.js, its output
// (stdout and stderr together) kept for assertions and for failure messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');

export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function startCli(args: string[]): RunningCli {
  let output = '';
  const child = spawn(process.execPath, [CLI, ...args]);
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output, exited: new Promise((r) => child.once('exit', (code) => r(code))) };
}
