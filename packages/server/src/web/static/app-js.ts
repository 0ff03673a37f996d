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
