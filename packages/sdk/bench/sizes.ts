import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Install size and package count of a package and its production dependencies, from node_modules. */
export function installFootprint(entryDir: string): { packages: number; bytes: number; names: string[] } {
  const seen = new Map<string, number>();
  const visit = (dir: string) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    const pkg = JSON.parse(readFileSync(join(real, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    seen.set(real, dirBytes(real));
    const require = createRequire(join(real, 'package.json'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const found = findPackageDir(require, dep, real);
      if (found) visit(found);
    }
  };
  visit(entryDir);
  const names = [...seen.keys()].map(
    (d) => (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { name: string }).name,
  );
  return { packages: seen.size, bytes: [...seen.values()].reduce((a, b) => a + b, 0), names };
}

function findPackageDir(require: NodeJS.Require, name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    try {
      if (statSync(join(candidate, 'package.json')).isFile()) return candidate;
    } catch {
      // keep walking up
    }
    if (dirname(dir) === dir) break;
  }
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

// Files a package ships: everything except nested node_modules (counted as packages of their own)
// and, for our workspace packages, test files, which "files" in package.json leaves out.
function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.endsWith('.test.ts') || entry.name === 'bench') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}
