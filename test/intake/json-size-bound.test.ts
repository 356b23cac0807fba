import { describe, expect, it } from 'vitest';
import { jsonSizeUpperBound } from '../../src/intake/json-size-bound.js';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('jsonSizeUpperBound', () => {
  it('is never below the UTF-8 size of JSON.stringify, worst-case escapes and characters included', () => {
    const samples: unknown[] = [
      {},
      [],
      { a: '' },
      { s: '\u0001'.repeat(100) }, // \u0001 -> 6 bytes each
      { s: '"\\'.repeat(50), '"key\\': '\n\t' },
      { s: '\ud800 lone surrogates \udfff', emoji: '😀'.repeat(20), cjk: '漢字'.repeat(30), latin: 'é'.repeat(40) },
      [-0.0000012345678901234567, -1.7976931348623157e308, -5e-324, 123456789012345680000, Number.NaN, -Infinity, 0, -1],
      [undefined, () => 1, Symbol('s'), null, true, false],
      { dropped: undefined, fn: () => 1, sym: Symbol('s'), kept: [1, [2, [3, { deep: 'x' }]]] },
      Object.assign(Object.create(null) as object, { bare: 'object' }),
      new Array(5),
      { id: 'evt_1', data: { nested: { list: Array.from({ length: 50 }, (_, i) => ({ i, s: `v${i}` })) } } },
    ];
    for (const sample of samples) {
      const bound = jsonSizeUpperBound(sample, 1_000_000);
      expect(bound, JSON.stringify(sample)).toBeDefined();
      expect(bound!).toBeGreaterThanOrEqual(bytes(sample));
    }
  });

  it('gives up (undefined) when the bound passes the limit', () => {
    const value = { s: 'x'.repeat(1000) };
    expect(jsonSizeUpperBound(value, 100_000)).toBeDefined();
    expect(jsonSizeUpperBound(value, 1000)).toBeUndefined();
    expect(jsonSizeUpperBound(Array.from({ length: 10_000 }, () => ({ a: 1 })), 1000)).toBeUndefined();
  });

  it('gives up on values only JSON.stringify can size or refuse', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i += 1) deep = { deep };
    class Point {
      constructor(readonly x: number) {}
    }
    const throwing = Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('boom'); } });
    for (const value of [
      'a string',
      42,
      null,
      undefined,
      { when: new Date() },
      { custom: { toJSON: () => 'x' } },
      { point: new Point(1) },
      { map: new Map([[1, 2]]) },
      { big: 1n },
      cyclic,
      deep,
      throwing,
    ]) {
      expect(jsonSizeUpperBound(value, 1_000_000)).toBeUndefined();
    }
  });
});
