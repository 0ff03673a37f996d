#!/usr/bin/env node
// The `faultline` command. Example: `faultline serve --port 8000 --data-dir ./data`.
import { runCli } from './run.js';

// `faultline config | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
