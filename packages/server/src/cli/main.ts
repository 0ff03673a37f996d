#!/usr/bin/env node
// The `faultline` command. Example: `faultline serve --port 8000 --data-dir ./data`.
import { runCli } from './run.js';

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
