import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (the only browser these machines can install); SWARMSCOPE_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env.SWARMSCOPE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless, WebGL through SwiftShader (never --use-gl=swiftshader), and no background connections:
 * the machines reach no network beyond the package registries.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** One headless browser, for PDFs, benchmarks and browser tests; the caller closes it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
