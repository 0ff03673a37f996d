import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotDir } from './screenshot-dir.js';

describe('screenshotDir', () => {
  it('writes to docs/screenshots only when FAULTLINE_UPDATE_SCREENSHOTS=1', () => {
    const temp = screenshotDir({});
    expect(temp.startsWith(tmpdir())).toBe(true);
    expect(existsSync(temp)).toBe(true);
    expect(screenshotDir({ FAULTLINE_UPDATE_SCREENSHOTS: '0' })).toBe(temp);
    const docs = screenshotDir({ FAULTLINE_UPDATE_SCREENSHOTS: '1' });
    expect(docs.endsWith(`docs${sep}screenshots${sep}`)).toBe(true);
  });
});
