import { describe, expect, it } from 'vitest';
import { escapeHtml, html, join, raw, SafeHtml, safeHref } from './html.js';

describe('escapeHtml', () => {
  it('escapes every character that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });
});

describe('html', () => {
  it('escapes interpolated strings and numbers', () => {
    const evil = '<script>alert(1)</script>';
    expect(html`<p title="${evil}">${evil} ${42}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt; 42</p>',
    );
  });
  it('does not escape nested html fragments or raw markup', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<p>${inner}${raw('<br>')}</p>`.value).toBe('<p><b>a&amp;b</b><br></p>');
  });
  it('joins arrays and renders null, undefined and false as nothing', () => {
    expect(html`<ul>${['<1>', html`<li>2</li>`]}${null}${undefined}${false}</ul>`.value).toBe(
      '<ul>&lt;1&gt;<li>2</li></ul>',
    );
  });
  it('renders true and zero as text', () => {
    expect(html`${true} ${0}`.value).toBe('true 0');
  });
  it('returns SafeHtml whose string form is the markup', () => {
    const out = html`<i>${'x'}</i>`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(String(out)).toBe('<i>x</i>');
  });
  it('escapes strings that only look like SafeHtml', () => {
    const fake = { value: '<b>' } as unknown as string;
    expect(html`${fake}`.value).toBe('[object Object]');
  });
});

describe('join', () => {
  it('escapes both the parts and the separator', () => {
    expect(join(['<a>', html`<b></b>`], ' & ').value).toBe('&lt;a&gt; &amp; <b></b>');
  });
});

describe('safeHref', () => {
  it('keeps http(s), mailto and same-site relative URLs', () => {
    for (const url of [
      'https://a.test/x',
      'HTTP://a.test',
      'mailto:a@b.test',
      '/issues?x=1',
      '?page=2',
      '#top',
    ]) {
      expect(safeHref(url)).toBe(url);
    }
  });
  it('replaces scriptable, data and protocol-relative URLs with #', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:x',
      'data:text/html,x',
      '//evil.test',
      'vbscript:x',
    ]) {
      expect(safeHref(url)).toBe('#');
    }
  });
});
