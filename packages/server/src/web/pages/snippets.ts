// Set-up snippets with the project's DSN filled in. The DSN is escaped by the html helper like any
// other value when these strings are interpolated into a page.

export interface Snippet {
  title: string;
  install: string;
  code: string;
}

/** The snippets shown on the project settings page and in the "no events yet" state. */
export function snippets(dsn: string): Snippet[] {
  const q = JSON.stringify(dsn);
  return [
    {
      title: 'Node.js — @faultline/sdk',
      // Not on the npm registry yet: installed from a built checkout (npm start builds it).
      install: 'npm install <faultline checkout>/packages/sdk   # after npm start there has built it',
      code: `import * as faultline from '@faultline/sdk';\n\nfaultline.init({ dsn: ${q}, includeLocalVariables: true });`,
    },
    {
      title: 'Node.js — @sentry/node',
      install: 'npm install @sentry/node',
      code: `import * as Sentry from '@sentry/node';\n\nSentry.init({ dsn: ${q}, includeLocalVariables: true });`,
    },
    {
      title: 'Python — sentry-sdk with Flask',
      install: 'pip install "sentry-sdk[flask]"',
      code: `import sentry_sdk\nfrom sentry_sdk.integrations.flask import FlaskIntegration\n\nsentry_sdk.init(dsn=${q}, integrations=[FlaskIntegration()])`,
    },
    {
      title: 'Python — raven (legacy)',
      install: 'pip install raven',
      code: `from raven import Client\n\nclient = Client(${q})\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    client.captureException()`,
    },
    {
      title: 'Browser — @sentry/browser',
      install: 'npm install @sentry/browser',
      code: `import * as Sentry from '@sentry/browser';\n\nSentry.init({ dsn: ${q} });`,
    },
  ];
}
