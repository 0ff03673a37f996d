/** The debug page's stylesheet, served inline under the page's CSP nonce (no external requests). */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --fg: #1d2330; --muted: #667085;
  --line: #e3e6ea; --accent: #c8102e; --hl: #fff1c2; --hlfg: #5b3b00; --code: #f3f4f6; --lib: #f9fafb; }
@media (prefers-color-scheme: dark) { :root { --bg: #14171c; --card: #1c2027; --fg: #e6e8eb;
  --muted: #98a2b3; --line: #2c313a; --accent: #ff6b6b; --hl: #3d3417; --hlfg: #ffe49a; --code: #161a20;
  --lib: #181c22; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { background: var(--accent); color: #fff; padding: 20px 32px; }
header h1 { margin: 0; font-size: 22px; font-weight: 650; }
header p { margin: 6px 0 0; font: 15px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap;
  word-break: break-word; }
header .where { opacity: .85; font-size: 13px; }
main { max-width: 1100px; margin: 0 auto; padding: 20px 32px 48px; }
h2 { font-size: 15px; margin: 28px 0 10px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.exc-title { font: 600 15px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; margin: 0 0 8px; word-break: break-word; }
.relation { color: var(--muted); font: 13px system-ui, sans-serif; margin: 24px 0 4px; }
.frame { background: var(--card); border: 1px solid var(--line); border-radius: 8px; margin: 0 0 10px; overflow: hidden; }
.frame.app { border-left: 4px solid var(--accent); }
.frame-head { display: flex; gap: 12px; align-items: baseline; padding: 8px 12px; border-bottom: 1px solid var(--line);
  font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
.frame-head .fn { font-weight: 650; }
.frame-head .loc { color: var(--muted); flex: 1; word-break: break-all; }
.frame-head a { color: var(--accent); text-decoration: none; font: 12px system-ui, sans-serif; white-space: nowrap; }
.frame-head a:hover { text-decoration: underline; }
pre.source { margin: 0; padding: 6px 0; background: var(--code); overflow-x: auto;
  font: 12.5px/1.55 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre.source span { display: block; padding: 0 12px; white-space: pre; }
pre.source span::before { content: attr(data-line); display: inline-block; width: 4.5em; color: var(--muted);
  text-align: right; margin-right: 14px; user-select: none; }
pre.source span.current { background: var(--hl); color: var(--hlfg); font-weight: 600; }
table.vars { width: 100%; border-collapse: collapse; font: 12.5px ui-monospace, SFMono-Regular, Menlo, monospace; }
table.vars th, table.vars td { text-align: left; vertical-align: top; padding: 4px 12px; border-top: 1px solid var(--line); }
table.vars th { width: 14em; font-weight: 600; }
table.vars td pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: inherit; }
details.value > summary { cursor: pointer; color: var(--muted); white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
table.kv { border-collapse: collapse; width: 100%; }
table.kv th, table.kv td { border: 0; padding: 1px 12px 1px 0; font-weight: 400; word-break: break-all; }
table.kv th { width: 16em; color: var(--muted); }
.note { color: var(--muted); font-size: 13px; padding: 6px 12px; }
details.folded { margin: 0 0 10px; }
details.folded > summary { cursor: pointer; color: var(--muted); padding: 6px 0; font-size: 13px; }
details.folded .frame { background: var(--lib); }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
textarea { width: 100%; min-height: 180px; border: 0; padding: 12px; background: var(--code); color: var(--fg);
  font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; resize: vertical; }
button { margin: 8px 12px; padding: 5px 12px; border-radius: 6px; border: 1px solid var(--line); background: var(--card);
  color: var(--fg); cursor: pointer; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; }
`;

/** The one script: copies the traceback. Allowed by nonce; the page works without it. */
export const PAGE_SCRIPT = `
document.getElementById('copy')?.addEventListener('click', () => {
  const text = document.getElementById('traceback').value;
  navigator.clipboard?.writeText(text).then(() => { document.getElementById('copy').textContent = 'Copied'; });
});
`;
