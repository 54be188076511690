import { describe, expect, it } from 'vitest';
import { CommentSchema } from '../../../shared/domain/comment';

describe('CommentSchema', () => {
  const comment = {
    platform: 'youtube',
    commentId: 'Ugx1',
    postId: 'vid1',
    authorKey: 'a'.repeat(64),
    text: 'Love this!',
    publishedAt: '2026-04-10T10:00:00Z',
    likes: null,
    parentId: null,
  };

  it('accepts a pseudonymous comment with unknown likes', () => {
    expect(CommentSchema.parse(comment)).toEqual(comment);
  });

  it('rejects raw author handles and negative likes', () => {
    expect(CommentSchema.safeParse({ ...comment, authorKey: '@someone' }).success).toBe(false);
    expect(CommentSchema.safeParse({ ...comment, likes: -1 }).success).toBe(false);
  });
});
