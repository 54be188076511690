import { describe, expect, it } from 'vitest';
import { type Campaign, CampaignSchema } from '../../../shared/domain/creator';
import { SponsorshipSchema } from '../../../shared/domain/post';
import {
  DISCLOSURE_TAGS,
  detectSponsorship,
  hashtagsOf,
  normaliseForMatching,
  type SponsorshipInput,
} from '../../../shared/domain/sponsored';

function post(caption: string, extra: Partial<SponsorshipInput> = {}): SponsorshipInput {
  return { platform: 'instagram', accountId: 'acc1', caption, publishedAt: '2026-04-10T12:00:00Z', ...extra };
}

function detect(caption: string, extra: Partial<SponsorshipInput> = {}, campaigns: Campaign[] = []) {
  const result = detectSponsorship(post(caption, extra), campaigns);
  expect(SponsorshipSchema.parse(result)).toEqual(result);
  return result;
}

const acme: Campaign = CampaignSchema.parse({
  campaignId: 'acme-spring',
  brand: 'Acme',
  startsAt: '2026-04-01T00:00:00Z',
  endsAt: '2026-04-30T23:59:59Z',
  creatorKeys: ['instagram#acc1'],
  tags: ['glowwithacme'],
  promoCodes: ['ACME20'],
  links: ['acme.co/r/'],
  kind: 'gifted',
});

describe('no false positives', () => {
  it.each([
    'Off on an #adventure today',
    'Please add me to the list',
    'An ad hoc meeting with the team',
    'New #adidas drop 👟',
    'I love #advertising history',
    'So adorable 😍',
    'Not bad at all',
    'Living with #ADHD',
    'This app is ad-free now',
    '#ad-free living',
    'Ad-hoc update: new video',
    'Bad day. Ad nauseam.',
    'Check my #addiction to coffee and #adulting',
    'see example.com/page#ad for details',
    'My new #pr in deadlifts! Thanks to everyone #thanks',
    'Birthday #gift from mum',
    'Art commissions open, DM me',
    'This video is not sponsored by anyone',
    "This isn't a paid partnership, just love it",
    'Use code below... just kidding, I have no code',
    'Rereading the #Advertisement of 1920s posters? No: #advertisements are different',
  ])('%s', (caption) => {
    const result = detect(caption);
    if (caption.startsWith('Rereading')) {
      // #Advertisement is a definite tag; the plural is not in the list.
      expect(result.signals.map((signal) => signal.match)).toEqual(['#advertisement']);
      return;
    }
    expect(result).toEqual({ sponsored: false, kind: null, signals: [], campaignIds: [] });
  });
});

describe('disclosure tags', () => {
  it.each([
    ['Loving this serum #ad', '#ad', 'unknown'],
    ['#AD so glad to work with them', '#ad', 'unknown'],
    ['Neues Video #Anzeige', '#anzeige', 'unknown'],
    ['Neues Video #werbung', '#werbung', 'unknown'],
    ['Hoy con esta marca #publi', '#publi', 'unknown'],
    ['Colaboración #publicidad', '#publicidad', 'unknown'],
    ['Nouveau #sponsorisé', '#sponsorise', 'paid'],
    ['Nouveau #sponsorise', '#sponsorise', 'paid'],
    ['Uus video #reklaam', '#reklaam', 'unknown'],
    ['New look #sponsored', '#sponsored', 'paid'],
    ['Thanks! #gifted', '#gifted', 'gifted'],
    ['Mit Dank #unbezahltewerbung', '#unbezahltewerbung', 'gifted'],
    ['Merci #produitoffert', '#produitoffert', 'gifted'],
    ['Shop my picks #affiliate', '#affiliate', 'affiliate'],
    ['Great collab #paidpartnership', '#paidpartnership', 'paid'],
    ['full width ＃ＡＤ here', '#ad', 'unknown'],
    ['emoji neighbours 🎉#ad🎉', '#ad', 'unknown'],
    ['line end\n#ad', '#ad', 'unknown'],
  ])('%s', (caption, match, kind) => {
    const result = detect(caption);
    expect(result.sponsored).toBe(true);
    expect(result.kind).toBe(kind);
    expect(result.signals).toContainEqual({ source: 'disclosure_tag', match, kind, strength: 'definite' });
  });

  it('weak tags alone do not make a post sponsored but are reported; two distinct weak ones do', () => {
    const single = detect('Fun day #collab');
    expect(single.sponsored).toBe(false);
    expect(single.signals).toEqual([
      { source: 'disclosure_tag', match: '#collab', kind: 'unknown', strength: 'weak' },
    ]);
    expect(detect('#sp').sponsored).toBe(false);
    expect(detect('#pub du jour').sponsored).toBe(false);
    const pair = detect('Fun day #collab #partner');
    expect(pair).toMatchObject({ sponsored: true, kind: 'unknown' });
    expect(detect('#collab #collab').sponsored).toBe(false);
    expect(detect('Vi har et #samarbeid og #Współpraca').signals.map((signal) => signal.match)).toEqual([
      '#samarbeid',
      '#wspołpraca',
    ]);
  });

  it('has only normalised keys', () => {
    for (const tag of DISCLOSURE_TAGS.keys()) expect(normaliseForMatching(tag)).toBe(tag);
  });
});

describe('disclosure phrases and labels', () => {
  it.each([
    ['Paid partnership with Acme', 'paid partnership', 'paid'],
    ['This video includes paid promotion', 'includes paid promotion', 'paid'],
    ['This video is SPONSORED BY Acme', 'sponsored by', 'paid'],
    ['Thanks to @acme for sponsoring today', 'for sponsoring', 'paid'],
    ['Made in partnership with @acme', 'in partnership with', 'unknown'],
    ['This dress was gifted by @brand', 'gifted by', 'gifted'],
    ['Links are affiliate links', 'affiliate links', 'affiliate'],
    ['I may earn a commission on purchases', 'earn a commission', 'affiliate'],
    ['As an Amazon Associate I earn from qualifying purchases', 'amazon associate', 'affiliate'],
    ['[AD] new haul', '[ad]', 'unknown'],
    ['Bezahlte Partnerschaft mit Acme', 'bezahlte partnerschaft', 'paid'],
    ['Unbezahlte Werbung, weil Markennennung', 'unbezahlte werbung', 'gifted'],
    ['Vidéo en partenariat avec Acme', 'en partenariat avec', 'unknown'],
    ['Contenido patrocinado por Acme', 'patrocinado por', 'paid'],
    ['Ad | My morning routine', 'ad (leading label)', 'unknown'],
    ['Anzeige: Mein neues Rad', 'anzeige (leading label)', 'unknown'],
    ['  AD - new haul', 'ad (leading label)', 'unknown'],
  ])('%s', (caption, match, kind) => {
    const result = detect(caption);
    expect(result).toMatchObject({ sponsored: true, kind });
    expect(result.signals).toContainEqual({ source: 'disclosure_phrase', match, kind, strength: 'definite' });
  });

  it('does not read "Ad hoc" or a bare word as a leading label', () => {
    expect(detect('Ad hoc thoughts').sponsored).toBe(false);
    expect(detect('Ad').sponsored).toBe(false);
    expect(detect('Werbung ist überall').sponsored).toBe(false);
  });

  it('keeps a later undenied phrase although an earlier one is negated', () => {
    expect(detect('Not sponsored by them, but this one is: sponsored by Acme').sponsored).toBe(true);
  });
});

describe('promo codes and tracked links', () => {
  it('reads the code after a lead phrase and reports it upper-case', () => {
    const result = detect('Use code GLOW15 for 15% off');
    expect(result).toMatchObject({ sponsored: true, kind: 'affiliate' });
    expect(result.signals).toEqual([
      { source: 'promo_code', match: 'code GLOW15', kind: 'affiliate', strength: 'definite' },
    ]);
    expect(detect('Rabattcode: "SOMMER-10"').signals[0]).toMatchObject({ match: 'code SOMMER-10' });
    expect(detect('promo code in bio').sponsored).toBe(false);
  });

  it('recognises affiliate link hosts', () => {
    expect(detect('Shop it: https://liketk.it/4abc').signals).toEqual([
      { source: 'tracked_link', match: 'liketk.it', kind: 'affiliate', strength: 'definite' },
    ]);
    expect(detect('https://amzn.to/xyz').sponsored).toBe(false);
    expect(detect('via notliketk.it/4abc').sponsored).toBe(false);
  });
});

describe('platform flag and campaign registry', () => {
  it('a platform flag is definite; false adds nothing', () => {
    expect(detect('hello', { platformPaidPartnership: true })).toEqual({
      sponsored: true,
      kind: 'paid',
      signals: [
        { source: 'platform_flag', match: 'platform:paid_partnership', kind: 'paid', strength: 'definite' },
      ],
      campaignIds: [],
    });
    expect(detect('hello', { platformPaidPartnership: false }).sponsored).toBe(false);
  });

  it('creator + window + a marker is definite, and the campaign kind wins', () => {
    const result = detect('My glow routine #GlowWithAcme #ad, use code acme20 at acme.co/r/xyz', {}, [acme]);
    expect(result.sponsored).toBe(true);
    expect(result.kind).toBe('gifted');
    expect(result.campaignIds).toEqual(['acme-spring']);
    expect(result.signals).toEqual(
      expect.arrayContaining([
        {
          source: 'campaign_registry',
          match: 'campaign:acme-spring',
          kind: 'gifted',
          strength: 'definite',
          campaignId: 'acme-spring',
        },
        {
          source: 'campaign_registry',
          match: '#glowwithacme',
          kind: 'gifted',
          strength: 'definite',
          campaignId: 'acme-spring',
        },
        {
          source: 'promo_code',
          match: 'code ACME20',
          kind: 'gifted',
          strength: 'definite',
          campaignId: 'acme-spring',
        },
        {
          source: 'tracked_link',
          match: 'acme.co/r/',
          kind: 'gifted',
          strength: 'definite',
          campaignId: 'acme-spring',
        },
        { source: 'disclosure_tag', match: '#ad', kind: 'unknown', strength: 'definite' },
      ]),
    );
    // The campaign code is not reported a second time as a generic code.
    expect(result.signals.filter((signal) => signal.source === 'promo_code')).toHaveLength(1);
  });

  it('creator + window without any marker is weak when the campaign has markers', () => {
    const result = detect('Just a sunny day', {}, [acme]);
    expect(result.sponsored).toBe(false);
    expect(result.signals).toEqual([
      {
        source: 'campaign_registry',
        match: 'campaign:acme-spring',
        kind: 'gifted',
        strength: 'weak',
        campaignId: 'acme-spring',
      },
    ]);
  });

  it('a marker-less campaign covers every post of its creators in its window', () => {
    const open = CampaignSchema.parse({
      ...acme,
      campaignId: 'acme-open',
      tags: [],
      promoCodes: [],
      links: [],
      kind: 'paid',
    });
    expect(detect('Just a sunny day', {}, [open])).toMatchObject({
      sponsored: true,
      kind: 'paid',
      campaignIds: ['acme-open'],
    });
    expect(detect('Just a sunny day', { publishedAt: '2026-05-02T00:00:00Z' }, [open]).signals).toEqual([]);
    expect(detect('Just a sunny day', { accountId: 'other' }, [open]).signals).toEqual([]);
  });

  it('a campaign code or link outside the creator/window is weak', () => {
    const outside = detect('Use ACME20 at https://acme.co/r/a', { publishedAt: '2026-06-01T00:00:00Z' }, [
      acme,
    ]);
    expect(outside.sponsored).toBe(true); // two distinct weak signals
    expect(outside.signals.every((signal) => signal.strength === 'weak')).toBe(true);
    expect(outside.campaignIds).toEqual(['acme-spring']);
    expect(detect('ACME20', { accountId: 'someone' }, [acme]).sponsored).toBe(false);
  });
});

describe('normalisation', () => {
  it('unifies width, case, accents and whitespace; hashtags stop at non-word characters', () => {
    expect(normaliseForMatching('ＰＡＩＤ\u00a0 Partnership')).toBe('paid partnership');
    expect(normaliseForMatching('Sponsorisé’s')).toBe("sponsorise's");
    expect(hashtagsOf(normaliseForMatching('#Anzeige, #ad! #ad-free x#ad #über'))).toEqual([
      'anzeige',
      'ad',
      'ad-free',
      'uber',
    ]);
  });

  it('stays fast on long captions', () => {
    const caption = `${'great product and add more ad hoc #adventure '.repeat(220)} #ad`;
    const started = performance.now();
    for (let i = 0; i < 50; i += 1) detectSponsorship(post(caption), [acme]);
    const perCaptionMs = (performance.now() - started) / 50;
    expect(detectSponsorship(post(caption)).sponsored).toBe(true);
    expect(perCaptionMs).toBeLessThan(20);
  });
});
