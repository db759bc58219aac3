/**
 * The tslab kernel as a notebook front end sees it (test/notebooks/kernel_probe.py sends the cells, as Run All
 * does, and records when each message arrives): outputs leave while a cell runs, the busy/idle status follows the
 * cells, and Kernel → Interrupt stops the learning-rate finder.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jupyterProblem, PYTHON } from '../../lib/notebook/execute-notebook';

const ROOT = join(__dirname, '../..');

interface Message {
  channel: 'iopub' | 'shell' | 'client';
  type: string;
  /** Seconds since the cells were sent. */
  arrived: number;
  /** The time in the message's header, in the same seconds. */
  sent: number;
  cell: number | null;
  content?: { execution_state?: string; status?: string; text?: string };
}

function probe(request: { cells: string[]; interrupt?: { cell: number; after: number }; then?: string[] }): { origin: number; timeline: Message[] } {
  const env = { ...process.env, PATH: `${resolve(ROOT, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}` };
  const input = JSON.stringify({ cwd: join(ROOT, 'notebooks'), timeout: 240, ...request });
  const run = spawnSync(PYTHON, [join(__dirname, 'kernel_probe.py')], { input, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`kernel_probe.py failed:\n${run.stderr.slice(-4000)}`);
  const out = JSON.parse(run.stdout) as { origin: number; timeline: Message[]; error: string | null };
  if (out.error !== null) throw new Error(out.error);
  return out;
}

const IMPORTS = "import { findLearningRate, finderProgress, initBackend, KerasSGD, LiveHtml, toyProblem } from '../dist';";
const SPIN = 'const spin = (ms: number) => { const t = Date.now(); while (Date.now() - t < ms); };';
const state = (m: Message): string | undefined => (m.type === 'status' ? m.content?.execution_state : undefined);

const problem = jupyterProblem();
if (problem && process.env['CI']) throw new Error(problem);

describe.skipIf(problem !== undefined)('the tslab kernel with the library loaded', () => {
  it('sends each output while the cell runs, even when the cell never lets the event loop turn', () => {
    // 700 updates of a live line (more than zeromq's 512 synchronous sends), awaiting only promises, then 1.5 s
    // more of work: every update must reach the front end before the cell ends.
    const cell = 'const line = new LiveHtml();\n'
      + 'for (let i = 0; i < 700; i++) { spin(5); line.update(`step ${i}`); await Promise.resolve(); }\nspin(1500);';
    const { timeline } = probe({ cells: [`${IMPORTS}\n${SPIN}`, cell] });
    const updates = timeline.filter((m) => m.cell === 1 && m.type.endsWith('display_data'));
    const reply = timeline.find((m) => m.cell === 1 && m.channel === 'shell')!;
    expect(updates).toHaveLength(700);
    expect(reply.arrived - updates[updates.length - 1]!.arrived).toBeGreaterThan(1);
  }, 300_000);

  it('stays busy from the first cell of a Run All to the last: idle only between cells, for a moment', () => {
    // Cells that let the event loop turn, as training loops do: tslab then receives the later requests meanwhile.
    const work = 'for (let i = 0; i < 10; i++) { spin(100); await new Promise((r) => setImmediate(r)); }';
    const cells = [`${IMPORTS}\n${SPIN}`, work, `${work}\nconsole.log('two');`, work];
    const statuses = probe({ cells }).timeline.filter((m) => state(m) !== undefined);
    const lastIdle = statuses.findIndex((m) => m.cell === cells.length - 1 && state(m) === 'idle');
    const idleSpells = statuses.slice(0, lastIdle).flatMap((m, i) =>
      state(m) === 'idle' ? [(statuses[i + 1]?.arrived ?? Infinity) - m.arrived] : []);
    expect(idleSpells.length).toBeGreaterThanOrEqual(cells.length - 1);
    expect(Math.max(...idleSpells)).toBeLessThan(0.2);
  }, 300_000);

  it('Kernel → Interrupt stops the finder within a batch, puts the weights back and leaves the kernel usable', () => {
    const setup = 'const toy = toyProblem();\n'
      + "toy.model.compile({ optimizer: new KerasSGD({ learningRate: 0.1, momentum: 0.9 }), loss: 'categoricalCrossentropy' });\n"
      + 'const before = JSON.stringify(toy.model.getWeights().map((w) => Array.from(w.dataSync())));\n'
      + 'const ended: { at?: number; message?: string } = {};';
    const sweep = 'try {\n'
      + '  await findLearningRate(toy.model, toy.xs, toy.ys,\n'
      + "    { startLr: 1e-6, endLr: 1e-3, iterations: 20000, onProgress: finderProgress('toy') });\n"
      + '} catch (error) {\n  Object.assign(ended, { at: Date.now(), message: String(error) });\n}';
    const check = 'for (let i = 0; i < 100 && ended.at === undefined; i++) await new Promise((r) => setTimeout(r, 50));\n'
      + 'const after = JSON.stringify(toy.model.getWeights().map((w) => Array.from(w.dataSync())));\n'
      + 'console.log(JSON.stringify({ ...ended, same: after === before }));';
    const { origin, timeline } = probe({ cells: [`${IMPORTS}\nawait initBackend();`, setup, sweep], interrupt: { cell: 2, after: 2 }, then: [check] });
    const interrupt = timeline.find((m) => m.channel === 'client')!;
    const reply = timeline.find((m) => m.cell === 2 && m.channel === 'shell')!;
    expect(reply.content?.status).toBe('error');
    expect(reply.arrived - interrupt.arrived).toBeLessThan(1);
    const printed = timeline.find((m) => m.cell === 3 && m.type === 'stream')!.content!.text!;
    const result = JSON.parse(printed) as { at: number; message: string; same: boolean };
    expect(result.message).toMatch(/^InterruptedError: findLearningRate: interrupted after \d+ of 20000 updates/);
    expect(result.at / 1000 - (origin + interrupt.arrived)).toBeLessThan(1);
    expect(result.same).toBe(true);
  }, 300_000);
});
