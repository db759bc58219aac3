import { describe, expect, it } from 'vitest';
import { parseSeeds, SeedsOptionError } from '../../lib/train';

describe('parseSeeds', () => {
  it('reads a count, a list and ranges, in increasing order', () => {
    expect(parseSeeds('3')).toEqual([0, 1, 2]);
    expect(parseSeeds('1')).toEqual([0]);
    expect(parseSeeds('0,1,2')).toEqual([0, 1, 2]);
    expect(parseSeeds(' 7, 4 ')).toEqual([4, 7]);
    expect(parseSeeds('5..7')).toEqual([5, 6, 7]);
    expect(parseSeeds('4..4')).toEqual([4]);
    expect(parseSeeds('9,0..2')).toEqual([0, 1, 2, 9]);
    expect(parseSeeds('4294967295,0')).toEqual([0, 4294967295]);
  });

  it('refuses bad values with a message that says what is allowed, what was given and why', () => {
    const refused = (text: string, why: RegExp) => {
      expect(() => parseSeeds(text)).toThrow(SeedsOptionError);
      expect(() => parseSeeds(text)).toThrow(
        /--seeds must be a count N \(seeds 0…N-1\), a comma-separated list of seeds, or ranges a\.\.b/,
      );
      expect(() => parseSeeds(text)).toThrow(why);
    };
    refused('', /\(got ''\)\. Give e\.g\. --seeds 3/);
    refused('0', /A count must be at least 1/);
    refused('three', /'three' is not a whole number ≥ 0/);
    refused('1.5', /'1\.5' is not a whole number/);
    refused('-1,2', /'-1' is not a whole number/);
    refused('0,,1', /An item of the list is empty/);
    refused('1,', /An item of the list is empty/);
    refused('0,1,1', /Seed 1 is named twice/);
    refused('0..2,2', /Seed 2 is named twice/);
    refused('3..1', /The range 3\.\.1 runs backwards; write 1\.\.3/);
    refused('4294967296,1', /4294967296 is above 4294967295/);
    refused('1001', /at most 1000 seeds/);
    refused('0..5000', /at most 1000 seeds/);
  });
});
