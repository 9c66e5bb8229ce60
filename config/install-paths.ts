// Where Kapasitet's own files are (vendor profiles, traffic classes, message catalogues, the web
// page), named from the project's root: a module cannot look for them beside itself, since the CLI
// runs from its bundle in dist/ (bin/bundle.js), where every module is in another folder.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder above `from` holding package.json: the project's root, from source or from dist/. */
function rootAbove(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Kapasitet's own files (package.json and the folders beside it) were not found above ${from}`);
  }
}

export const PROJECT_ROOT = rootAbove(import.meta.dirname);

/** A path inside the project, as `projectPath('collector', 'profiles')`. */
export const projectPath = (...parts: string[]) => join(PROJECT_ROOT, ...parts);
