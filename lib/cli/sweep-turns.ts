/**
 * The sweep's turns over IPC: each `train` child it starts with `SWEEP_TURNS=1` asks the sweep for a turn before
 * every epoch and gives it back after the epoch's checkpoint; the sweep grants as many at a time as the cores hold
 * (`Turns`).
 * Both sides of that exchange are here.
 */
import type { ChildProcess } from 'node:child_process';
import type { RunOptions } from '../train';
import { Turns } from '../train/turns';

/** Set to '1' in a `train` child's environment when it is to take turns. */
export const SWEEP_TURNS_ENV = 'SWEEP_TURNS';

type TurnMessage = { type: 'turn-request' } | { type: 'turn-granted' } | { type: 'turn-release' };

const send = (message: TurnMessage): void => {
  // The sweep may have gone (then 'disconnect' stops the run): a message it cannot get is no error.
  if (process.connected) process.send?.(message, undefined, undefined, () => {});
};

/**
 * In a `train` child started with `SWEEP_TURNS=1`: the runner's `epochTurn`, which asks the parent sweep for a turn
 * and waits for it (or for `signal`). Undefined otherwise: the run does not wait.
 */
export function sweepEpochTurn(): RunOptions['epochTurn'] {
  if (process.send === undefined || process.env[SWEEP_TURNS_ENV] !== '1') return undefined;
  return (signal) =>
    new Promise((resolve) => {
      const stop = (): void => {
        process.off('message', onMessage);
        process.off('disconnect', aborted);
        signal?.removeEventListener('abort', aborted);
      };
      const onMessage = (message: TurnMessage): void => {
        if (message.type !== 'turn-granted') return;
        stop();
        resolve(() => send({ type: 'turn-release' }));
      };
      // Stopped, or the sweep gone, while waiting: nothing to give back (the sweep forgets the turns of a child that
      // ends).
      const aborted = (): void => {
        stop();
        resolve(() => {});
      };
      if (signal?.aborted === true || !process.connected) return aborted();
      signal?.addEventListener('abort', aborted, { once: true });
      process.once('disconnect', aborted);
      process.on('message', onMessage);
      send({ type: 'turn-request' });
    });
}

/** In the sweep: turns for at most `slots` children at a time; `serve(child)` for each child started. */
export function turnServer(slots: number): { serve(child: ChildProcess): void } {
  const turns = new Turns<ChildProcess>(slots, (child) => {
    if (child.connected) child.send({ type: 'turn-granted' } satisfies TurnMessage, () => {});
  });
  return {
    serve(child) {
      // Node may report a child's exit before the last messages it sent: those are dropped, not served.
      let exited = false;
      child.on('message', (message: TurnMessage) => {
        if (exited) return;
        if (message.type === 'turn-request') turns.request(child);
        else if (message.type === 'turn-release') turns.release(child);
      });
      child.on('exit', () => {
        exited = true;
        turns.forget(child);
      });
    },
  };
}
