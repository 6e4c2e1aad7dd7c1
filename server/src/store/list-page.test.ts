import { decodeCursor, encodeCursor, pageOf } from './list-page';

describe('list cursors', () => {
  it('round-trip the position they carry', () => {
    expect(decodeCursor(encodeCursor(['seal_abc']), 1)).toEqual(['seal_abc']);
    expect(decodeCursor(encodeCursor(['2026-01-01T00:00:00.000Z', 'sig_x']), 2)).toEqual(['2026-01-01T00:00:00.000Z', 'sig_x']);
    expect(decodeCursor(undefined, 1)).toBeUndefined();
  });

  it.each([
    ['not base64url', 'a b'],
    ['not JSON', Buffer.from('{').toString('base64url')],
    ['another version', Buffer.from('["c2","seal_abc"]').toString('base64url')],
    ['too few parts', encodeCursor([])],
    ['an object, not a position', Buffer.from('{"$gt":""}').toString('base64url')],
    ['a non-string part', Buffer.from('["c1",{"$gt":""}]').toString('base64url')],
    ['too long', 'A'.repeat(600)],
  ])('refuse %s with INVALID_CURSOR', (_what, cursor) => {
    expect(() => decodeCursor(cursor, 1)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
  });

  it('give a next cursor only when a further row was read', () => {
    expect(pageOf([{ _id: 'a' }, { _id: 'b' }], 2, (l) => [l._id])).toEqual({ items: [{ _id: 'a' }, { _id: 'b' }] });
    const more = pageOf([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }], 2, (l) => [l._id]);
    expect(more.items).toEqual([{ _id: 'a' }, { _id: 'b' }]);
    expect(decodeCursor(more.nextCursor, 1)).toEqual(['b']);
  });
});
