import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium, headless, with WebGL through SwiftShader (never --use-gl=swiftshader). */
export const CHROMIUM_PATH = process.env.SWARMSCOPE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** One headless browser; the caller closes it (in afterAll) so no process outlives the tests. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
