import { CHROMIUM_PATH, launchChromium } from '../runtime/chromium.ts';
import { outputError } from '../runtime/errors.ts';

/** Prints a self-contained HTML document to PDF (A4) with headless Chromium. */
export async function htmlToPdf(html: string, path: string): Promise<void> {
  const browser = await launchChromium().catch((error: Error) => {
    throw outputError(
      path,
      `cannot start Chromium at ${CHROMIUM_PATH} for the PDF (${error.message.split('\n')[0]})`,
      error,
    );
  });
  try {
    const page = await browser.newPage();
    // The document has no external resource: nothing to wait for beyond its own parsing.
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({
      path,
      format: 'A4',
      printBackground: true,
      margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}
