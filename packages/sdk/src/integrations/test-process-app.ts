// A tiny application for process-handler tests: run in a child process, it fails the way MODE says.
import { createReporter } from '../reporter.js';

createReporter({ dsn: process.env.TEST_DSN, breadcrumbs: { console: false }, includeLocalVariables: false });
const mode = process.env.MODE;
setTimeout(() => {
  if (mode === 'uncaught') throw new Error('fatal boom');
  if (mode === 'rejection') Promise.reject(new Error('rejected boom'));
  // Keeps the process alive a moment so a non-fatal mode shows it did not exit early.
  setTimeout(() => process.stdout.write('still running\n'), 50);
}, 10);
