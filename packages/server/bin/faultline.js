#!/usr/bin/env node
// Runs the built CLI (npm run build first: tsc -b tsconfig.build.json).
import '../dist/cli/main.js';
