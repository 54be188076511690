import { describe, expect, it } from 'vitest';
import { groundTruthOf } from '../../../infra/local/simulator/ground-truth';
import { NO_FAULTS } from '../../../infra/local/simulator/sim-types';
import {
  followersAt,
  generateWorld,
  HOUR,
  metricsAt,
  type SimComment,
} from '../../../infra/local/simulator/world';
import { detectSponsorship } from '../../../shared/domain/sponsored';
import { createSentimentEngine } from '../../../shared/sentiment';

const START = Date.parse('2026-11-20T12:00:00.000Z');
const engine = createSentimentEngine();

function mix(comments: readonly SimComment[]) {
  const scores = comments.map((c) => engine.score(c.text)).filter((s) => s.scored);
  const mean = scores.reduce((sum, s) => sum + s.compound, 0) / scores.length;
  const negative = scores.filter((s) => s.label === 'negative').length / scores.length;
  return { mean, negative, scored: scores.length };
}

describe('simulated world', () => {
  it('is deterministic from the seed', () => {
    const a = groundTruthOf(
      generateWorld({ seed: 5, creators: 6, startAt: START }),
      START + 24 * HOUR,
      NO_FAULTS,
    );
    const b = groundTruthOf(
      generateWorld({ seed: 5, creators: 6, startAt: START }),
      START + 24 * HOUR,
      NO_FAULTS,
    );
    const c = groundTruthOf(
      generateWorld({ seed: 6, creators: 6, startAt: START }),
      START + 24 * HOUR,
      NO_FAULTS,
    );
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('spans platforms, tiers, niches and every post type', () => {
    const world = generateWorld({ seed: 1, creators: 12, startAt: START });
    expect(new Set(world.creators.map((c) => c.platform)).size).toBe(3);
    expect(new Set(world.creators.map((c) => c.tier)).size).toBe(5);
    expect(new Set(world.creators.map((c) => c.niche)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(world.posts.map((p) => p.type))).toEqual(
      new Set(['video', 'short', 'reel', 'carousel', 'image', 'story']),
    );
    const langs = new Set(world.posts.flatMap((p) => p.comments.map((c) => c.lang)));
    for (const lang of ['en', 'es', 'pt', 'fr', 'de', 'und']) expect(langs).toContain(lang);
  });

  it('grows metrics fast then saturating, with engagement near the tier benchmarks', () => {
    const world = generateWorld({ seed: 1, creators: 12, startAt: START });
    const post = world.posts.find((p) => p.type === 'reel' && p.publishedAt > START - 48 * HOUR);
    if (post === undefined) throw new Error('no recent reel');
    const at = (h: number) => metricsAt(post, post.publishedAt + h * HOUR).views;
    expect(at(0)).toBe(0);
    expect(at(6) - at(0)).toBeGreaterThan(at(48) - at(42)); // fast early, slow later
    expect(at(24 * 10)).toBeLessThanOrEqual(post.finalViews);
    // ER by followers on Instagram: nano ≈ 3–5 %, mega ≈ 1 %.
    const erOf = (tier: string) => {
      const creator = world.creators.find((c) => c.platform === 'instagram' && c.tier === tier);
      if (creator === undefined) return undefined;
      const posts = world.posts.filter(
        (p) =>
          p.accountId === creator.accountId &&
          p.publishedAt < START - 10 * 24 * HOUR + 1e15 &&
          p.type !== 'story',
      );
      const ers = posts.map((p) => {
        const m = metricsAt(p, START + 14 * 24 * HOUR);
        return (m.likes + m.comments) / followersAt(creator, START, START);
      });
      return ers.sort((x, y) => x - y)[Math.floor(ers.length / 2)];
    };
    for (const [tier, low, high] of [
      ['nano', 0.02, 0.07],
      ['micro', 0.012, 0.045],
      ['mid', 0.008, 0.035],
    ] as const) {
      const er = erOf(tier);
      if (er !== undefined) {
        expect(er).toBeGreaterThan(low);
        expect(er).toBeLessThan(high);
      }
    }
  });

  it('marks sponsored posts by tag, registry or platform flag, and the domain detector agrees', () => {
    const worlds = [1, 2, 3].map((seed) => generateWorld({ seed, creators: 12, startAt: START }));
    const sponsored = worlds.flatMap((w) => w.posts.filter((p) => p.sponsorship !== null));
    expect(new Set(sponsored.map((p) => p.sponsorship?.signal))).toEqual(
      new Set(['disclosure_tag', 'campaign_registry', 'platform_flag']),
    );
    for (const world of worlds)
      for (const post of world.posts) {
        const detected = detectSponsorship(
          {
            platform: post.platform,
            accountId: post.accountId,
            caption: post.platform === 'youtube' ? `${post.title}\n\n${post.caption}` : post.caption,
            publishedAt: new Date(post.publishedAt).toISOString(),
            platformPaidPartnership:
              post.platform === 'youtube' ? post.sponsorship?.signal === 'platform_flag' : undefined,
          },
          world.campaigns,
        );
        expect(detected.sponsored, `${post.postId} ${post.caption}`).toBe(post.sponsorship !== null);
      }
  });

  it('scripts a clear sentiment drop inside a 24 h run that starts at the anchor', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const world = generateWorld({ seed, creators: 12, startAt: START });
      const drops = world.posts.filter((p) => p.dropAt !== undefined);
      expect(drops.length).toBeGreaterThanOrEqual(1);
      for (const post of drops) {
        const dropAt = post.dropAt ?? 0;
        expect(dropAt).toBeGreaterThanOrEqual(START + 4 * HOUR);
        expect(dropAt).toBeLessThanOrEqual(START + 12 * HOUR);
        expect(post.sponsorship).not.toBeNull();
        const before = post.comments.filter((c) => c.publishedAt < dropAt);
        const after = post.comments.filter(
          (c) => c.publishedAt >= dropAt && c.publishedAt < dropAt + 6 * HOUR,
        );
        expect(after.length).toBeGreaterThanOrEqual(40);
        const b = mix(before);
        const a = mix(after);
        expect(b.mean).toBeGreaterThan(0.3);
        expect(b.negative).toBeLessThan(0.25);
        expect(a.mean).toBeLessThan(-0.3);
        expect(a.negative).toBeGreaterThan(0.6);
      }
    }
  });

  it('keeps organic posts at a stable positive mix with ordinary noise', () => {
    const world = generateWorld({ seed: 9, creators: 12, startAt: START });
    const organic = world.posts.filter((p) => p.sponsorship === null).flatMap((p) => p.comments);
    const m = mix(organic);
    expect(m.mean).toBeGreaterThan(0.3);
    expect(m.mean).toBeLessThan(0.65);
    expect(m.negative).toBeGreaterThan(0.05);
    expect(m.negative).toBeLessThan(0.25);
    // Some comments share a timestamp exactly; some are replies.
    const stamps = organic.map((c) => `${c.postId}|${c.publishedAt}`);
    expect(new Set(stamps).size).toBeLessThan(stamps.length);
    expect(organic.some((c) => c.parentId !== null)).toBe(true);
  });
});
