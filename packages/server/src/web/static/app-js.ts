// The one script of the UI, served from /static/app.js (CSP forbids inline scripts). It only adds
// conveniences; every page works without it.

export const APP_JS = `
document.addEventListener('change', function (e) {
  var t = e.target;
  if (t && t.matches && t.matches('input[data-select-all]')) {
    document.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = t.checked; });
  }
});
document.addEventListener('submit', function (e) {
  var form = e.target;
  var msg = form && form.getAttribute && form.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) e.preventDefault();
});
`;

/** The tab icon: the brand's diamond. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1l7 7-7 7-7-7z" fill="#5b4bdb"/></svg>`;
