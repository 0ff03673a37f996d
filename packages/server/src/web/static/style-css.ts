// The whole stylesheet, kept as a string in a module so the built package needs no asset copying.
// Our own CSS, no framework: system fonts, a narrow palette, light and dark via prefers-color-scheme.

export const STYLE_CSS = `
:root {
  --bg: #f7f7f9; --panel: #ffffff; --text: #1d1f24; --muted: #6b7080; --border: #e2e4ea;
  --accent: #5b4bdb; --accent-text: #ffffff; --link: #4a3cc4; --code-bg: #f2f3f7; --hl: #fff4cc;
  --fatal: #b3132b; --error: #d8344c; --warning: #d98c00; --info: #2f7ad8; --debug: #7a7f8c;
  --ok: #1f8a4c; --bar: #8a7ff0; --bar-empty: #e4e5ec; --danger: #c62f3e;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15161a; --panel: #1d1f25; --text: #e6e7eb; --muted: #9a9fae; --border: #2e313a;
    --accent: #7d6ff5; --link: #a99ffa; --code-bg: #23252d; --hl: #3b3320;
    --bar: #8d82f5; --bar-empty: #2c2f38;
  }
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 1rem/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .87rem; }
pre { background: var(--code-bg); padding: .75rem; border-radius: 6px; overflow-x: auto; margin: .5rem 0; }
h1 { font-size: 1.45rem; margin: 0 0 .25rem; word-break: break-word; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.muted { color: var(--muted); }
.topbar { display: flex; align-items: center; gap: 1.25rem; padding: .6rem 1.25rem; background: var(--panel);
  border-bottom: 1px solid var(--border); flex-wrap: wrap; }
.brand { font-weight: 700; color: var(--text); letter-spacing: .02em; }
.brand::before { content: "◆ "; color: var(--accent); }
.topbar nav { display: flex; gap: 1rem; flex: 1; flex-wrap: wrap; }
.topbar nav a.active { color: var(--text); font-weight: 600; }
.topbar form { margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 1.25rem; }
.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.narrow { max-width: 420px; margin: 3rem auto; }
.flash { padding: .6rem 1rem; border-radius: 6px; margin-bottom: 1rem; border: 1px solid var(--border); background: var(--panel); }
.flash.error { border-color: var(--danger); color: var(--danger); }
.flash.ok { border-color: var(--ok); }
.secret { font-size: 1rem; word-break: break-all; background: var(--hl); padding: .5rem; border-radius: 4px; display: block; }
label { display: block; font-weight: 600; margin: .6rem 0 .2rem; font-size: .9rem; }
input[type=text], input[type=email], input[type=password], input[type=number], input[type=search], select, textarea {
  width: 100%; padding: .45rem .6rem; border: 1px solid var(--border); border-radius: 6px; background: var(--bg);
  color: var(--text); font: inherit; }
input:focus, select:focus, button:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
button, .button { display: inline-block; padding: .42rem .9rem; border-radius: 6px; border: 1px solid var(--border);
  background: var(--panel); color: var(--text); font: inherit; font-size: .9rem; cursor: pointer; }
button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
button.danger { color: var(--danger); border-color: var(--danger); }
button:hover { filter: brightness(0.96); }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin: .5rem 0; }
.actions form { margin: 0; display: inline-flex; gap: .35rem; align-items: center; }
.actions input[type=number] { width: 6rem; }
.actions select { width: auto; }
.filters { display: grid; grid-template-columns: 2fr repeat(5, minmax(0, 1fr)) auto; gap: .5rem; align-items: end; }
.filters label { margin: 0 0 .2rem; font-weight: 500; font-size: .8rem; color: var(--muted); }
@media (max-width: 900px) { .filters { grid-template-columns: 1fr 1fr; } }
.issues { width: 100%; border-collapse: collapse; }
.issues th { text-align: left; font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
  font-weight: 600; padding: .4rem .5rem; border-bottom: 1px solid var(--border); }
.issues td { padding: .6rem .5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
.issues tr:last-child td { border-bottom: 0; }
.issues td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.issue-title { font-weight: 600; word-break: break-word; }
.culprit { color: var(--muted); font-size: .85rem; word-break: break-all; }
.meta { color: var(--muted); font-size: .8rem; }
.level { display: inline-block; width: .6rem; height: .6rem; border-radius: 2px; margin-right: .35rem; background: var(--error); }
.level-fatal { background: var(--fatal); } .level-warning { background: var(--warning); }
.level-info { background: var(--info); } .level-debug { background: var(--debug); }
.badge { display: inline-block; font-size: .72rem; padding: .05rem .4rem; border-radius: 999px; border: 1px solid var(--border);
  color: var(--muted); margin-left: .3rem; vertical-align: middle; font-weight: 600; }
.badge.regression { color: var(--danger); border-color: var(--danger); }
.badge.resolved { color: var(--ok); border-color: var(--ok); }
.chart .bar { fill: var(--bar); } .chart .bar-empty { fill: var(--bar-empty); }
.pager { display: flex; justify-content: space-between; margin-top: .75rem; }
.empty { text-align: center; padding: 2.5rem 1rem; }
.empty h2 { margin-top: 0; }
.header-grid { display: grid; grid-template-columns: 1fr auto; gap: 1rem; align-items: start; }
@media (max-width: 800px) { .header-grid { grid-template-columns: 1fr; } }
.stats { display: flex; gap: 1.5rem; flex-wrap: wrap; }
.stats div { min-width: 5rem; } .stats b { display: block; font-size: 1.2rem; }
.layout-2 { display: grid; grid-template-columns: minmax(0, 1fr) 280px; gap: 1rem; }
@media (max-width: 900px) { .layout-2 { grid-template-columns: 1fr; } }
.tagdist { margin-bottom: .8rem; }
.tagdist .k { font-size: .8rem; font-weight: 600; color: var(--muted); }
.tagrow { display: grid; grid-template-columns: 1fr auto; font-size: .85rem; position: relative; padding: .1rem .3rem; }
.tagrow .v { word-break: break-all; z-index: 1; } .tagrow .n { color: var(--muted); z-index: 1; padding-left: .5rem; }
.meter-svg { display: block; margin: .1rem 0 .35rem; }
.meter-svg .bar { fill: var(--bar); } .meter-svg .bar-empty { fill: var(--bar-empty); }
pre.wrap { white-space: pre-wrap; word-break: break-all; }
h1 .title-text { word-break: break-word; }
.exception h3 { margin-bottom: .1rem; word-break: break-word; }
.exc-type { color: var(--danger); }
.frame { border: 1px solid var(--border); border-radius: 6px; margin: .35rem 0; overflow: hidden; }
.frame > summary, .frame-head { padding: .4rem .6rem; cursor: pointer; background: var(--code-bg); font-size: .88rem; word-break: break-all; }
.frame.lib > summary { color: var(--muted); }
.frame .fn { font-weight: 600; }
.libgroup > summary { color: var(--muted); font-size: .85rem; cursor: pointer; padding: .3rem 0; }
.source { margin: 0; border-radius: 0; padding: .4rem 0; }
.source div { display: grid; grid-template-columns: 3.5rem 1fr; white-space: pre; }
.source div span:first-child { color: var(--muted); text-align: right; padding-right: .75rem; user-select: none; }
.source div.current { background: var(--hl); }
.vars { padding: .25rem .6rem .6rem; }
table.kv { border-collapse: collapse; width: 100%; font-size: .87rem; }
table.kv th { text-align: left; vertical-align: top; padding: .25rem .75rem .25rem 0; color: var(--muted); font-weight: 500;
  width: 12rem; word-break: break-all; }
table.kv td { padding: .25rem 0; word-break: break-word; }
table.kv.nested th { width: auto; }
table.kv.nested { border-left: 2px solid var(--border); margin-left: .1rem; width: auto; }
table.kv.nested th { padding-left: .5rem; }
.v-str { white-space: pre-wrap; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; }
.v-num { color: var(--info); font-family: ui-monospace, Menlo, Consolas, monospace; }
.v-null { color: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace; }
details.long > summary { cursor: pointer; }
.crumbs { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--border); }
.crumbs li { padding: .3rem 0 .3rem .9rem; position: relative; font-size: .87rem; }
.crumbs li::before { content: ""; position: absolute; left: -5px; top: .75rem; width: 8px; height: 8px; border-radius: 50%; background: var(--bar); }
.crumbs li.lvl-error::before { background: var(--error); } .crumbs li.lvl-warning::before { background: var(--warning); }
.crumbs .cat { font-weight: 600; margin-right: .4rem; }
.eventnav { display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; }
.eventnav .disabled { color: var(--muted); pointer-events: none; border-style: dashed; }
.tabs { display: flex; gap: .25rem; border-bottom: 1px solid var(--border); margin-bottom: 1rem; flex-wrap: wrap; }
.tabs a { padding: .4rem .8rem; border-bottom: 2px solid transparent; color: var(--muted); }
.tabs a.active { border-color: var(--accent); color: var(--text); }
.grid-table { width: 100%; border-collapse: collapse; font-size: .9rem; }
.grid-table th, .grid-table td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--border); }
.grid-table form { display: inline-flex; gap: .35rem; align-items: center; margin: 0; }
.grid-table input[type=number] { width: 8rem; }
.actions input[type=text] { width: auto; flex: 0 1 18rem; }
.nowrap { white-space: nowrap; }
@media (max-width: 700px) {
  .hide-sm { display: none; }
  main { padding: .75rem; }
  table.kv th { width: 7rem; }
}
`;
