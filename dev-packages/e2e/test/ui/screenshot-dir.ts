// Where browser tests put their screenshots. The committed PNGs in docs/screenshots/ change only
// when asked (FAULTLINE_UPDATE_SCREENSHOTS=1), so `npm test` leaves the work tree clean; otherwise
// the screenshots are still taken (the code path runs) into one fixed temp dir, overwritten each run.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/** The screenshot directory for this run, created if missing. */
export function screenshotDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.FAULTLINE_UPDATE_SCREENSHOTS === '1' ? DOCS : join(tmpdir(), 'faultline-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The path a screenshot named `file` is written to in this run. */
export const screenshotPath = (file: string): string => join(screenshotDir(), file);
