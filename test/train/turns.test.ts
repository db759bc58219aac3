import { describe, expect, it } from 'vitest';
import { Turns } from '../../lib/train/turns';

describe('Turns', () => {
  it('grants at most `slots` turns at once, first come, first served', () => {
    const granted: string[] = [];
    const turns = new Turns<string>(2, (h) => granted.push(h));
    for (const h of ['a', 'b', 'c', 'd']) turns.request(h);
    expect(granted).toEqual(['a', 'b']);
    expect(turns.active).toBe(2);
    turns.release('b');
    expect(granted).toEqual(['a', 'b', 'c']);
    turns.request('b'); // behind 'd'
    turns.release('a');
    turns.release('c');
    expect(granted).toEqual(['a', 'b', 'c', 'd', 'b']);
    expect(turns.active).toBe(2);
  });

  it('rotates five holders of one epoch each through two slots evenly', () => {
    const order: number[] = [];
    const done = new Map<number, number>();
    const turns = new Turns<number>(2, (h) => order.push(h));
    for (let h = 0; h < 5; h++) turns.request(h);
    // Each granted holder computes one epoch, gives the turn back and, until it has 8, asks again.
    for (let step = 0; step < order.length; step++) {
      const h = order[step]!;
      done.set(h, (done.get(h) ?? 0) + 1);
      turns.release(h);
      if (done.get(h)! < 8) turns.request(h);
    }
    expect(order).toHaveLength(40);
    expect(order.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    expect([...done.values()]).toEqual([8, 8, 8, 8, 8]);
  });

  it('forgets a holder that went away, holding or waiting, and passes its slot on', () => {
    const granted: string[] = [];
    const turns = new Turns<string>(1, (h) => granted.push(h));
    turns.request('a');
    turns.request('b');
    turns.request('c');
    turns.forget('b'); // waiting
    turns.forget('a'); // holding
    expect(granted).toEqual(['a', 'c']);
    turns.forget('x'); // unknown: nothing happens
    expect(turns.active).toBe(1);
  });

  it('refuses a second request, a release without a turn and a slot count below 1', () => {
    const turns = new Turns<string>(1, () => {});
    turns.request('a');
    turns.request('b');
    expect(() => turns.request('a')).toThrow(/already has or awaits a turn/);
    expect(() => turns.request('b')).toThrow(/already has or awaits a turn/);
    expect(() => turns.release('b')).toThrow(/has no turn/);
    expect(() => new Turns(0, () => {})).toThrow(/slots/);
    expect(() => new Turns(1.5, () => {})).toThrow(/slots/);
  });
});
