import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorRequest } from '@faultline/errors';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceContext } from '../source/source-context.js';
import { SourceMaps } from '../source/source-maps.js';
import { pageCsp, renderHtml } from './render-html.js';
import { buildReport, editorLink, type ReportTools } from './report.js';

const dir = mkdtempSync(join(tmpdir(), 'fl-debug-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const request: ErrorRequest = {
  method: 'POST',
  path: '/cart',
  url: '/cart?x=1',
  headers: { host: 'localhost:5000', cookie: 'sid=1' },
  query: { x: '1' },
  body: { sku: 'mug' },
};

function tools(over: Partial<ReportTools> = {}): ReportTools {
  return {
    sourceMaps: new SourceMaps(),
    sourceContext: new SourceContext(10, 5),
    editorUrl: 'vscode://file/{path}:{line}:{column}',
    root: dir,
    ...over,
  };
}

describe('buildReport', () => {
  it('maps frames of compiled JavaScript back to the TypeScript source through its source map', () => {
    const source = [
      'export function total(n: number): number {',
      '  const k: number = n * 2;',
      "  throw new Error('bad ' + k);",
      '}',
      '',
    ].join('\n');
    const out = ts.transpileModule(source, {
      compilerOptions: { sourceMap: true, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: 'total.ts',
    });
    writeFileSync(join(dir, 'total.ts'), source);
    writeFileSync(join(dir, 'total.js'), `${out.outputText}`);
    writeFileSync(join(dir, 'total.js.map'), out.sourceMapText!);
    const jsLine = out.outputText.split('\n').findIndex((l) => l.includes('throw')) + 1;
    const error = new Error('bad 4');
    error.stack = `Error: bad 4\n    at total (${join(dir, 'total.js')}:${jsLine}:11)\n    at Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`;
    const report = buildReport(error, request, tools());
    const [top, lib, node] = report.exceptions[0]!.frames;
    expect([top!.file, top!.line, top!.context, top!.kind]).toEqual([
      join(dir, 'total.ts'),
      3,
      "  throw new Error('bad ' + k);",
      'app',
    ]);
    expect(top!.pre).toEqual(source.split('\n').slice(0, 2));
    expect(top!.editorUrl).toBe(`vscode://file${join(dir, 'total.ts')}:3:${top!.column}`);
    expect([lib!.kind, node!.kind, node!.editorUrl]).toEqual(['library', 'node', undefined]);
  });

  it('walks causes and AggregateError members, once each even when they cycle', () => {
    const a = new TypeError('first');
    const b = new Error('second', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const group = new AggregateError([a, 'a string'], 'many failed', { cause: new Error('root') });
    const report = buildReport(group, request, tools());
    expect(report.exceptions.map((e) => [e.relation, e.type, e.message])).toEqual([
      ['thrown', 'AggregateError', 'many failed'],
      ['member', 'TypeError', 'first'],
      ['member', 'string', 'a string'],
      ['cause', 'Error', 'root'],
      ['cause', 'Error', 'second'],
    ]);
    expect(report.traceback).toContain('Aggregated error: TypeError: first');
  });

  it('shows the request with cookies (the page is local) and says when variables could not be captured', () => {
    const report = buildReport(new Error('x'), request, tools());
    expect(report.request).toEqual({
      method: 'POST',
      url: '/cart?x=1',
      headers: { host: 'localhost:5000', cookie: 'sid=1' },
      query: { x: '1' },
      body: { sku: 'mug' },
    });
    expect(report.variables.captured).toBe(false);
    const html = renderHtml(report, 'n0nce');
    expect(html).toContain('<p class="note" id="variables-note">Local variables could not be captured');
  });

  it('leaves editor links out with editorUrl: false', () => {
    const report = buildReport(new Error('x'), request, tools({ editorUrl: false }));
    expect(report.exceptions[0]!.frames.some((f) => f.editorUrl !== undefined)).toBe(false);
    expect(renderHtml(report, 'n')).not.toContain('class="editor"');
  });
});

describe('editorLink and the CSP', () => {
  it('fills the template, encoding the path', () => {
    expect(editorLink('vscode://file/{path}:{line}:{column}', '/a b/x#1.ts', 3, 7)).toBe(
      'vscode://file/a%20b/x%231.ts:3:7',
    );
    expect(editorLink('idea://open?file={path}&line={line}', '/a/x.ts', 3, 1)).toBe(
      'idea://open?file=/a/x.ts&line=3',
    );
  });

  it('allows nothing but the nonce', () => {
    expect(pageCsp('abc')).toBe(
      "default-src 'none'; style-src 'nonce-abc'; script-src 'nonce-abc'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });
});
