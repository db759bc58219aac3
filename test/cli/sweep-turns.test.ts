/**
 * The sweep's turns over IPC: real child processes (the built dist/cli/sweep-turns.js, made by `npm run build`,
 * which `npm test` runs) asking a `turnServer` for turns.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { turnServer } from '../../lib/cli/sweep-turns';
import { tempDir } from '../train/helpers';

const MODULE = join(__dirname, '../../dist/cli/sweep-turns.js');
const { dir, cleanup } = tempDir('sweep-turns');
afterAll(cleanup);

/** A child that takes three turns of 30 ms, telling the parent when each begins and ends. */
const CHILD = `
const { sweepEpochTurn } = require(${JSON.stringify(MODULE)});
const turn = sweepEpochTurn();
if (turn === undefined) { process.send({ type: 'log', text: 'no turns' }); process.exit(0); }
(async () => {
  // A signal aborted before the wait: the wait ends at once, with nothing to give back.
  const none = await turn(AbortSignal.abort());
  none();
  for (let i = 0; i < 3; i++) {
    const end = await turn(undefined);
    process.send({ type: 'log', text: 'begin' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    process.send({ type: 'log', text: 'end' });
    end();
  }
  process.disconnect();
})();
`;

function startChildren(count: number, env: Record<string, string>, slots: number): Promise<string[]> {
  const script = join(dir, 'child.cjs');
  writeFileSync(script, CHILD);
  const server = turnServer(slots);
  const log: string[] = [];
  let active = 0;
  return Promise.all(
    Array.from({ length: count }, (_, k) => {
      const child = fork(script, [], { env: { ...process.env, ...env } });
      server.serve(child);
      child.on('message', (m: { type: string; text?: string }) => {
        if (m.type !== 'log') return;
        active += m.text === 'begin' ? 1 : m.text === 'end' ? -1 : 0;
        log.push(`${k} ${m.text} (${active} active)`);
      });
      return new Promise<void>((resolve) => child.on('exit', () => resolve()));
    }),
  ).then(() => log);
}

describe('sweep turns', () => {
  it('lets at most `slots` children compute at once, until each has had its turns', async () => {
    const log = await startChildren(3, { SWEEP_TURNS: '1' }, 2);
    expect(log).toHaveLength(18); // 3 children × 3 turns × begin and end
    const most = Math.max(...log.map((line) => Number(/\((\d+) active\)/.exec(line)![1])));
    expect(most).toBeLessThanOrEqual(2); // 3 when the server does not limit them (the turns overlap)
    const begins = log.filter((line) => line.includes('begin')).map((line) => line[0]);
    expect(begins.sort()).toEqual(['0', '0', '0', '1', '1', '1', '2', '2', '2']); // the order is Turns' (its tests)
  });

  it('one slot: the turns never overlap', async () => {
    const log = await startChildren(2, { SWEEP_TURNS: '1' }, 1);
    expect(log).toHaveLength(12);
    expect(log.every((line) => /\([01] active\)/.test(line))).toBe(true);
  });

  it('a train child started without SWEEP_TURNS=1 does not wait', async () => {
    expect(await startChildren(1, { SWEEP_TURNS: '' }, 1)).toEqual(['0 no turns (0 active)']);
  });

  it("drops a child's messages that arrive after its exit, which Node may report first", () => {
    const server = turnServer(1);
    const fake = (): ChildProcess & { sent: unknown[] } => {
      const child = Object.assign(new EventEmitter(), { connected: true, sent: [] as unknown[] });
      return Object.assign(child, {
        send: (message: unknown) => child.sent.push(message) > 0,
      }) as unknown as ChildProcess & { sent: unknown[] };
    };
    const [a, b] = [fake(), fake()];
    server.serve(a);
    server.serve(b);
    a.emit('message', { type: 'turn-request' });
    b.emit('message', { type: 'turn-request' });
    expect([a.sent.length, b.sent.length]).toEqual([1, 0]);
    a.emit('exit', 0, null); // its turn goes to b
    expect(b.sent).toEqual([{ type: 'turn-granted' }]);
    expect(() => a.emit('message', { type: 'turn-release' })).not.toThrow();
    a.emit('message', { type: 'turn-request' }); // not queued again: it has ended
    b.emit('message', { type: 'turn-release' });
    expect(a.sent).toHaveLength(1);
  });
});
