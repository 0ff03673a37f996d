// Alert mail: a subject with project and issue title, a plain-text body and an HTML body with the
// same facts (culprit, counts, top in-app frame, link).
import { type AlertMessage, type MessageItem, reasonOf, subjectOf } from './message.js';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function itemLines(item: MessageItem): string[] {
  const f = item.facts;
  const lines = [reasonOf(f), f.title];
  if (f.culprit) lines.push(`Culprit: ${f.culprit}`);
  if (item.issue)
    lines.push(
      `Events: ${item.issue.eventCount} · Users: ${item.issue.userCount} · Level: ${item.issue.level}`,
    );
  if (item.topFrame) lines.push(`Top frame: ${item.topFrame}`);
  const where = [f.environment && `environment ${f.environment}`, f.release && `release ${f.release}`].filter(
    Boolean,
  );
  if (where.length > 0) lines.push(`Seen in ${where.join(', ')}`);
  if (item.url) lines.push(item.url);
  return lines;
}

/** Subject, text and HTML of an alert mail. */
export function renderEmail(m: AlertMessage): { subject: string; text: string; html: string } {
  const subject = subjectOf(m);
  const intro =
    m.kind === 'test'
      ? 'This is a test notification: this channel works.'
      : m.kind === 'overflow'
        ? `The hourly alert limit held back ${m.suppressed ?? 0} alerts. Some of them:`
        : '';
  const blocks = m.items.map(itemLines);
  const text = [intro, ...blocks.map((b) => b.join('\n'))].filter(Boolean).join('\n\n');
  const htmlBlocks = blocks.map((b, i) => {
    const item = m.items[i]!;
    const [reason, title, ...rest] = b;
    const link = item.url ? `<p><a href="${esc(item.url)}">Open the issue</a></p>` : '';
    const details = rest
      .filter((l) => l !== item.url)
      .map((l) => `<div>${esc(l)}</div>`)
      .join('');
    return `<div style="margin:0 0 16px"><div style="color:#666">${esc(reason ?? '')}</div><h2 style="margin:4px 0;font-size:16px">${esc(title ?? '')}</h2>${details}${link}</div>`;
  });
  const html = `<!doctype html><html><body style="font-family:sans-serif">${intro ? `<p>${esc(intro)}</p>` : ''}${htmlBlocks.join('')}</body></html>`;
  return { subject, text, html };
}
