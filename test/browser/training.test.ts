/**
 * The tfjs glue in a real browser: the fixture (fixture.ts, bundled by esbuild for the browser) trains in Debian's
 * headless chromium, driven by playwright-core; the test checks, from what the page reports, that the rates in
 * `History`, the rates the scheduler set and the rates each update applied are the schedule's.
 *
 * Skipped, with the reason printed, where there is no chromium (at $CHROMIUM or /usr/bin/chromium); with CI=true a
 * missing chromium is an error (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CyclicLR, StepDecay } from '../../lib/schedules';
import type { FixtureResult, FixtureRun } from './fixture';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const available = existsSync(CHROMIUM);
if (!available) {
  const reason = `no chromium at ${CHROMIUM} (install Debian's chromium, or set CHROMIUM to its path)`;
  if (process.env.CI === 'true') throw new Error(`browser test: ${reason}; CI must run it`);
  console.warn(`browser test skipped: ${reason}`);
}

/** The fixture bundled for the browser: one script, no Node built-ins. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'fixture.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Runs the fixture in headless chromium and returns what the page reports. */
async function inChromium(script: string): Promise<FixtureResult> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.addScriptTag({ content: script });
    const result = await page.evaluate(() =>
      (globalThis as unknown as { runFixture: () => Promise<FixtureResult> }).runFixture(),
    );
    expect(errors).toEqual([]);
    return result;
  } finally {
    await browser.close();
  }
}

/** Each applied rate equals the expected one, to float32 precision (the weights are float32). */
function expectRates(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((rate, i) => expect(rate, `update ${i}`).toBeCloseTo(expected[i]!, 6));
}

describe.skipIf(!available)('in headless chromium', () => {
  it('History, the scheduler and the updates follow a per-epoch and a per-batch schedule', async () => {
    const result = await inChromium(await bundle());
    expect(result.backend).toBe('cpu');

    const step = new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 2 });
    const epochRun: FixtureRun = result.epochRun;
    expect(epochRun.history).toEqual(step.rates(5));
    expect(epochRun.set).toEqual(step.rates(5));
    expectRates(
      epochRun.updates,
      step.rates(5).flatMap((lr) => [lr, lr]),
    );

    const cyclic = new CyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSize: 3 });
    const perBatch = cyclic.rates(12);
    expect(result.batchRun.set).toEqual(perBatch);
    expect(result.batchRun.history).toEqual([perBatch[3], perBatch[7], perBatch[11]]);
    expectRates(result.batchRun.updates, perBatch);
  }, 120_000);
});
