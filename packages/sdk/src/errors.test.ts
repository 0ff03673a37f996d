import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SDK_ERROR_CODES, SdkError } from './errors.js';
import { SDK_VERSION } from './version.js';

const root = new URL('../../../', import.meta.url);

describe('error codes', () => {
  it('docs/errors.md lists exactly the codes the SDK has', () => {
    const doc = readFileSync(new URL('docs/errors.md', root), 'utf8');
    const section = doc.slice(
      doc.indexOf('## @faultline/sdk'),
      doc.indexOf('\n## ', doc.indexOf('## @faultline/sdk') + 1),
    );
    const documented = [...section.matchAll(/^\| `(FL_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...SDK_ERROR_CODES].sort());
  });

  it('every code is used somewhere in the SDK sources', () => {
    const sources = ['client/client.ts', 'reporter.ts', 'dev/debug-mode.ts']
      .map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'))
      .join('\n');
    for (const code of SDK_ERROR_CODES) expect([code, sources.includes(`'${code}'`)]).toEqual([code, true]);
  });

  it('keeps the code and the cause', () => {
    const cause = new Error('root');
    const e = new SdkError('FL_SDK_INTERNAL', 'x', { cause });
    expect([e.code, e.cause, e instanceof Error]).toEqual(['FL_SDK_INTERNAL', cause, true]);
  });

  it('reports the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
