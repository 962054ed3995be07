// Audits several pages in one Chromium and one Node process (loading Lighthouse and
// starting the browser cost more than auditing a small page): bench/lighthouse.py runs it.
//   node audit.mjs CATEGORIES OUTPUT_DIR NAME=URL...
// Writes OUTPUT_DIR/NAME.json, Lighthouse's JSON report for each page.
import fs from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const [categories, outputDir, ...pages] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: (process.env.CHROME_FLAGS || '').split(' ').filter(Boolean),
});
try {
  for (const page of pages) {
    const [name, url] = [page.slice(0, page.indexOf('=')), page.slice(page.indexOf('=') + 1)];
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: categories.split(','),
      maxWaitForLoad: 30000,
    });
    fs.writeFileSync(path.join(outputDir, `${name}.json`), result.report);
  }
} finally {
  await chrome.kill();
}
