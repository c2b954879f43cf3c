import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './go-duration';

describe('parseGoDuration', () => {
  it.each([
    ['100ms', 100e6],
    ['1.5s', 1.5e9],
    ['1h30m', 5400e9],
    ['2us', 2000],
    ['2µs', 2000],
    ['7ns', 7],
    ['.5s', 0.5e9],
    ['0', 0],
    ['+1m', 60e9],
  ])('reads %s', (text, ns) => expect(parseGoDuration(text)).toBe(ns));

  it.each(['', '1', '-1s', '1d', 'ms', '1s2', '1 s', "1s'--"])('refuses %j', (text) =>
    expect(parseGoDuration(text)).toBeUndefined(),
  );

  it('takes days and weeks only for lookbacks', () => {
    expect(parseGoDuration('2d', true)).toBe(2 * 86_400e9);
    expect(parseGoDuration('1w', true)).toBe(7 * 86_400e9);
  });
});
