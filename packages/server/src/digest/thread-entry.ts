// How to start one of the server's worker threads, from the built JavaScript or from the sources.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ThreadEntry {
  code: string | URL;
  eval: boolean;
  execArgv?: string[];
}

/**
 * The entry of a thread whose module is `name` (without extension) beside `base`: its `.js` file in
 * the built server. From the TypeScript sources (tsx, vitest) Node 20 does not apply an inherited
 * `--import tsx` to a thread's entry module, so a small bootstrap registers tsx's ESM loader first,
 * then imports the `.ts` entry; the source condition makes workspace packages resolve to their
 * sources there too.
 */
export function threadEntry(base: string, name: string): ThreadEntry {
  const js = new URL(`./${name}.js`, base);
  if (base.endsWith('.js') && existsSync(fileURLToPath(js))) return { code: js, eval: false };
  const ts = new URL(`./${name}.ts`, base).href;
  // tsx's package exports point `require` at index.cjs and `import` at index.mjs; only the ESM one
  // can register the loader from a thread bootstrap.
  const api = pathToFileURL(createRequire(base).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); });`;
  // A thread inherits the parent's execArgv unless given its own (profiling flags included).
  if (process.execArgv.some((a) => a.includes('@faultline/source'))) return { code, eval: true };
  return { code, eval: true, execArgv: [...process.execArgv, '--conditions=@faultline/source'] };
}
