import { z } from 'zod';

/**
 * Creator size tiers. There is no industry standard (Mediakix, Later × Fohr and HypeAuditor all differ), so the
 * boundaries are data: a list of contiguous half-open ranges [minFollowers, maxFollowers) covering 0 … ∞.
 */

export const DEFAULT_TIER_NAMES = ['sub_nano', 'nano', 'micro', 'mid', 'macro', 'mega'] as const;
export type DefaultTierName = (typeof DEFAULT_TIER_NAMES)[number];

/** Tier names are lower-case identifiers so they can be partition values and column names. */
export const TierNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'tier names are lower_snake_case');
export type TierName = z.infer<typeof TierNameSchema>;

export const TierBoundarySchema = z.object({
  tier: TierNameSchema,
  /** Inclusive lower bound. */
  minFollowers: z.number().int().nonnegative(),
  /** Exclusive upper bound; `null` for the open-ended top tier. */
  maxFollowers: z.number().int().positive().nullable(),
});
export type TierBoundary = z.infer<typeof TierBoundarySchema>;

export const TierBoundariesSchema = z
  .array(TierBoundarySchema)
  .min(1)
  .superRefine((tiers, ctx) => {
    const names = new Set<string>();
    tiers.forEach((tier, index) => {
      if (names.has(tier.tier))
        ctx.addIssue({ code: 'custom', path: [index, 'tier'], message: 'duplicate tier' });
      names.add(tier.tier);
      if (tier.maxFollowers !== null && tier.maxFollowers <= tier.minFollowers) {
        ctx.addIssue({ code: 'custom', path: [index], message: 'maxFollowers must exceed minFollowers' });
      }
      const next = tiers[index + 1];
      if (next === undefined) {
        if (tier.maxFollowers !== null) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'maxFollowers'],
            message: 'the last tier must be open-ended',
          });
        }
      } else if (tier.maxFollowers !== next.minFollowers) {
        // Equality makes the ranges sorted, non-overlapping and gap-free in one check.
        ctx.addIssue({
          code: 'custom',
          path: [index, 'maxFollowers'],
          message: `must equal the next tier's minFollowers (${next.minFollowers}): tiers are sorted and contiguous`,
        });
      }
    });
    if (tiers[0] !== undefined && tiers[0].minFollowers !== 0) {
      ctx.addIssue({ code: 'custom', path: [0, 'minFollowers'], message: 'the first tier must start at 0' });
    }
  });
export type TierBoundaries = readonly TierBoundary[];

/** Defaults (Later × Fohr 2021 scheme) plus `sub_nano` for accounts under 1,000 followers. */
export const DEFAULT_TIER_BOUNDARIES: TierBoundaries = Object.freeze([
  { tier: 'sub_nano', minFollowers: 0, maxFollowers: 1_000 },
  { tier: 'nano', minFollowers: 1_000, maxFollowers: 10_000 },
  { tier: 'micro', minFollowers: 10_000, maxFollowers: 100_000 },
  { tier: 'mid', minFollowers: 100_000, maxFollowers: 500_000 },
  { tier: 'macro', minFollowers: 500_000, maxFollowers: 1_000_000 },
  { tier: 'mega', minFollowers: 1_000_000, maxFollowers: null },
]);

export class TierBoundariesError extends Error {
  override name = 'TierBoundariesError';
}

export class FollowerCountError extends Error {
  override name = 'FollowerCountError';
}

/** Validates custom boundaries (e.g. from configuration); throws {@link TierBoundariesError} with the zod issues. */
export function parseTierBoundaries(input: unknown): TierBoundaries {
  const parsed = TierBoundariesSchema.safeParse(input);
  if (!parsed.success) {
    throw new TierBoundariesError(`invalid tier boundaries: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** The tier whose range contains `followers`. Boundaries must be valid (see {@link parseTierBoundaries}). */
export function tierFor(followers: number, boundaries: TierBoundaries = DEFAULT_TIER_BOUNDARIES): TierName {
  if (!Number.isFinite(followers) || followers < 0) {
    throw new FollowerCountError(`follower count must be a finite non-negative number, got ${followers}`);
  }
  for (const boundary of boundaries) {
    if (
      followers >= boundary.minFollowers &&
      (boundary.maxFollowers === null || followers < boundary.maxFollowers)
    ) {
      return boundary.tier;
    }
  }
  throw new TierBoundariesError(
    `no tier covers ${followers} followers; validate boundaries with parseTierBoundaries`,
  );
}

/** Position of a tier in the boundaries (0 = smallest), or -1 when unknown; orders tiers by size. */
export function tierRank(tier: TierName, boundaries: TierBoundaries = DEFAULT_TIER_BOUNDARIES): number {
  return boundaries.findIndex((boundary) => boundary.tier === tier);
}
