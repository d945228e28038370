// The system's headless Chromium (/usr/bin/chromium, or $CHROMIUM), as every check script here launches it:
// playwright-core never downloads a browser, and gives each launch a fresh profile that it removes on close.
import {chromium} from 'playwright-core';

export const WAIT = 30_000;

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: WAIT,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
