import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformConnectors, simulatorConnectorsConfig } from '../../../shared/platforms/connectors';
import { parseCredential } from '../../../shared/platforms/platform-credential';
import { InMemoryQuotaStateStore, StoreBackedQuotaLedger } from '../../../shared/platforms/quota-ledger';
import type { TokenRefreshEvent } from '../../../shared/platforms/token-refresher';
import type { SecretProvider } from '../../../shared/ports/secret-provider';
import {
  authorKeyer,
  type Collected,
  collectUntilStable,
  emptyCollected,
  HOUR,
  type Rig,
  START,
  startRig,
} from './harness';

/**
 * Token refresh against the simulator over HTTP: TikTok access tokens live 2 h with rotating refresh tokens,
 * Google's 1 h, Instagram's 60 days. Collection must never stop for an expiring token, every rotated credential
 * must reach the secret store, and the collected data must stay exact.
 */

const SINCE = new Date(START - 30 * 24 * HOUR).toISOString();

function assertExact(rig: Rig, into: Collected) {
  const truth = rig.sim.groundTruth();
  const posts = truth.posts.filter((p) => p.status === 'active');
  const expectedComments = posts.filter((p) => !p.commentsDisabled).flatMap((p) => p.commentIds);
  expect(
    [...into.posts.values()]
      .filter((p) => p.status === 'active')
      .map((p) => p.postId)
      .sort(),
  ).toEqual(posts.map((p) => p.postId).sort());
  const ids = into.comments.map((c) => c.commentId);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(expectedComments.sort());
  expect(rig.sim.stats().quotaViolations).toBe(0);
}

describe('token refresh against the simulator', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.sim.close();
    rig = undefined;
  });

  it('collects hour by hour for 13 h through expiring tokens: refreshes, persists every rotation, stays exact', async () => {
    // Server errors also hit the token endpoints: refreshes must go through the retry policy.
    rig = await startRig({ seed: 31, creators: 6, at: START - 2 * HOUR, faults: { serverError: 0.2 } });
    const into = emptyCollected();
    for (let hour = 0; hour < 13; hour++) {
      await collectUntilStable(rig, into, SINCE);
      rig.clock.t += HOUR;
    }
    await collectUntilStable(rig, into, SINCE);
    expect(into.credentialErrors.size).toBe(0);
    assertExact(rig, into);

    const stats = rig.sim.stats();
    const byPlatform = (platform: string) =>
      rig?.sim.creators().filter((c) => c.creator.platform === platform).length ?? 0;
    // 13 h of 2 h TikTok tokens: at least 2 refreshes per creator (≈ 6 in practice); YouTube roughly hourly.
    expect(stats.tokenRefreshes.tiktok).toBeGreaterThanOrEqual(2 * byPlatform('tiktok'));
    expect(stats.tokenRefreshes.youtube).toBeGreaterThanOrEqual(6 * byPlatform('youtube'));
    // The first Instagram creator's 60-day token has 6 days left: refreshed once, on its first collection.
    expect(stats.tokenRefreshes.instagram).toBe(1);
    expect(stats.tokenRefreshesRefused).toEqual({ youtube: 0, instagram: 0, tiktok: 0 });
    expect(stats.faultsInjected.serverError).toBeGreaterThan(0);
    // Every creator's secret holds the grant the platform considers current (TikTok: the newest refresh token).
    for (const simulated of rig.sim.creators()) {
      const stored = parseCredential(await rig.secrets.getSecret(simulated.credentialName));
      const current = parseCredential(simulated.secretValue);
      expect({
        who: simulated.credentialName,
        token: stored?.accessToken,
        refresh: stored?.refreshToken,
      }).toEqual({
        who: simulated.credentialName,
        token: current?.accessToken,
        refresh: current?.refreshToken,
      });
    }
  });

  it('a token that expires in the middle of a collection is refreshed once and the request repeated', async () => {
    rig = await startRig({ seed: 32, creators: 3, at: START + HOUR });
    const tiktok = rig.sim.creators().find((c) => c.creator.platform === 'tiktok');
    if (tiktok === undefined) throw new Error('no TikTok creator');
    const ref = { platform: 'tiktok' as const, accountId: tiktok.creator.accountId };
    const listed = await rig.connectors.tiktok.listRecentPosts(ref, { since: SINCE });
    const post = listed.posts.find(
      (p) => (rig?.sim.groundTruth().posts.find((t) => t.postId === p.postId)?.commentCount ?? 0) > 0,
    );
    if (post === undefined) throw new Error('no TikTok post with comments');
    const before = rig.sim.stats().tokenRefreshes.tiktok;
    // The secret still says the token is valid for a while; the platform disagrees (revoked early, clock skew…).
    rig.sim.expireAccessToken('tiktok', ref.accountId);
    const result = await rig.connectors.tiktok.readNewComments(ref, post, null);
    const truth = rig.sim.groundTruth().posts.find((p) => p.postId === post.postId);
    expect(result.comments.map((c) => c.commentId).sort()).toEqual([...(truth?.commentIds ?? [])].sort());
    expect(rig.sim.stats().tokenRefreshes.tiktok).toBe(before + 1);
    expect(parseCredential(await rig.secrets.getSecret(tiktok.credentialName))?.accessToken).toBe(
      rig.sim.creators().find((c) => c.credentialName === tiktok.credentialName)?.accessToken,
    );
  });

  it('two invocations refreshing one TikTok creator at once: one rotates, the other adopts its stored credential', async () => {
    rig = await startRig({ seed: 33, creators: 3, at: START + 3 * HOUR });
    const tiktok = rig.sim.creators().find((c) => c.creator.platform === 'tiktok');
    if (tiktok === undefined) throw new Error('no TikTok creator');
    // Both tokens are past expiry: both invocations refresh proactively with the same refresh token.
    rig.clock.t += 2 * HOUR;
    const shared = rig.secrets;
    /** Each invocation sees the same store; its re-reads come a little later (the winner is still writing). */
    const slowRereads: SecretProvider = {
      getSecret: async (name, options) => {
        if (options?.fresh) await new Promise((resolve) => setTimeout(resolve, 50));
        return shared.getSecret(name);
      },
      putSecret: (name, value) => shared.putSecret(name, value),
    };
    const refreshes: TokenRefreshEvent[] = [];
    const invocation = (secrets: SecretProvider) =>
      createPlatformConnectors(
        {
          secrets,
          ledger: new StoreBackedQuotaLedger(new InMemoryQuotaStateStore()),
          authorKeyer,
          clock: rig?.clock,
          onTokenRefresh: (event) => refreshes.push(event),
        },
        simulatorConnectorsConfig(rig?.sim.url ?? ''),
      ).tiktok;
    const ref = { platform: 'tiktok' as const, accountId: tiktok.creator.accountId };
    const [a, b] = await Promise.all([
      invocation(slowRereads).readFollowerCount(ref),
      invocation(slowRereads).readFollowerCount(ref),
    ]);
    expect(a.followers.status).toBe('available');
    expect(b.followers.status).toBe('available');
    const stats = rig.sim.stats();
    expect(stats.tokenRefreshes.tiktok).toBe(1);
    expect(stats.tokenRefreshesRefused.tiktok).toBe(1); // the loser's rotated refresh token
    expect(refreshes).toHaveLength(1);
    expect(parseCredential(await shared.getSecret(tiktok.credentialName))?.refreshToken).toBe(
      parseCredential(
        rig.sim.creators().find((c) => c.credentialName === tiktok.credentialName)?.secretValue ?? '',
      )?.refreshToken,
    );
  });

  it('a revoked grant stops the creator with a re-authorise message, and the local run keeps the other creators', async () => {
    rig = await startRig({ seed: 34, creators: 3, faults: { tokenExpiry: 1 }, at: START + 25 * HOUR });
    const into = emptyCollected();
    await collectUntilStable(rig, into, SINCE);
    expect(into.credentialErrors.size).toBe(3);
    const messages = [...into.credentialErrors.values()].map((e) => e.message);
    // TikTok and YouTube try their refresh token and are refused; Instagram cannot refresh an expired token.
    expect(messages.filter((m) => m.includes('re-authorise'))).toHaveLength(3);
    expect(messages.filter((m) => m.includes('token refresh') && m.includes('was rejected'))).toHaveLength(2);
    expect(rig.sim.stats().tokenRefreshesRefused.tiktok).toBeGreaterThanOrEqual(1);
    const secrets = Object.values(rig.sim.secrets()).flatMap((value) => {
      const credential = parseCredential(value);
      return credential ? [credential.accessToken, credential.refreshToken ?? ''] : [];
    });
    for (const message of messages)
      for (const token of secrets.filter((t) => t.length > 0)) expect(message).not.toContain(token);
  });

  it('the simulator answers like the platforms: rotated TikTok refresh token, young Instagram token', async () => {
    rig = await startRig({ seed: 35, creators: 3, at: START });
    const tiktok = rig.sim.creators().find((c) => c.creator.platform === 'tiktok');
    const instagram = rig.sim.creators().find((c) => c.creator.platform === 'instagram');
    const old = parseCredential(tiktok?.secretValue ?? '');
    const app = JSON.parse(rig.sim.secrets()['app/tiktok'] ?? '{}');
    const refresh = (refreshToken: string) =>
      fetch(`${rig?.sim.url}/tiktok/v2/oauth/token/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_key: app.clientKey,
          client_secret: app.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        }),
      });
    const first = await refresh(old?.refreshToken ?? '');
    expect(first.status).toBe(200);
    const issued = (await first.json()) as Record<string, unknown>;
    expect(Object.keys(issued).sort()).toEqual(
      [
        'access_token',
        'expires_in',
        'open_id',
        'refresh_expires_in',
        'refresh_token',
        'scope',
        'token_type',
      ].sort(),
    );
    expect(issued.expires_in).toBe(7200);
    expect(issued.refresh_token).not.toBe(old?.refreshToken);
    const reused = await refresh(old?.refreshToken ?? '');
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.any(String),
      log_id: expect.any(String),
    });

    // A freshly issued Instagram token (re-authorised now) is too young to refresh.
    const young = rig.sim.reauthorize('instagram', instagram?.creator.accountId ?? '');
    const tooEarly = await fetch(
      `${rig.sim.url}/instagram/refresh_access_token?grant_type=ig_refresh_token&access_token=${young}`,
    );
    expect(tooEarly.status).toBe(400);
    expect(((await tooEarly.json()) as { error: { type: string } }).error.type).toBe('OAuthException');
    rig.clock.t += 25 * HOUR;
    const ok = await fetch(
      `${rig.sim.url}/instagram/refresh_access_token?grant_type=ig_refresh_token&access_token=${young}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'bearer', expires_in: 5_184_000 });
  });
});
