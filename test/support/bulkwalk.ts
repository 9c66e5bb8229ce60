// The reference walk: Net-SNMP's snmpbulkwalk, run asynchronously (a simulator may answer from the
// same process), as a map from the last index sub-identifier to the printed value.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export async function bulkwalk(args: string[]): Promise<Map<string, string>> {
  const { stdout } = await promisify(execFile)('snmpbulkwalk', ['-On', '-Oq', '-Oe', ...args], { encoding: 'utf8' });
  return new Map(
    stdout
      .trim()
      .split('\n')
      .map((line) => {
        const space = line.indexOf(' ');
        return [line.slice(1, space).split('.').at(-1)!, line.slice(space + 1).replace(/^"|"$/g, '')] as [string, string];
      }),
  );
}
