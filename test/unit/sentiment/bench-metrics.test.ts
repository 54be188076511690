import { describe, expect, it } from 'vitest';
import {
  classification,
  goldLabel,
  loadLabelledSentences,
  parseGroundTruth,
  pearson,
  rocAuc,
} from '../../../bench/sentiment-bench';

describe('sentiment bench metrics', () => {
  it('parses the ground truth: CRLF, no header, split on the first two tabs only', () => {
    const rows = parseGroundTruth('1\t2.5\t"Great" day\tindeed\r\n2\t-0.1\tmeh\r\n3\t0\tok');
    expect(rows).toEqual([
      { id: '1', rating: 2.5, text: '"Great" day\tindeed' },
      { id: '2', rating: -0.1, text: 'meh' },
      { id: '3', rating: 0, text: 'ok' },
    ]);
    expect(() => parseGroundTruth('1\tnot-a-number\ttext')).toThrow(/bad rating/);
  });

  it('derives gold classes with the |mean| < 0.2 neutral band', () => {
    expect([goldLabel(0.19), goldLabel(-0.19), goldLabel(0.2), goldLabel(-0.2)]).toEqual([
      'neutral',
      'neutral',
      'positive',
      'negative',
    ]);
  });

  it('computes Pearson r', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 10);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 10);
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 10);
  });

  it('computes accuracy and macro-F1 over the three classes', () => {
    const gold = ['positive', 'positive', 'neutral', 'negative'] as const;
    const predicted = ['positive', 'neutral', 'neutral', 'positive'] as const;
    const { accuracy, macroF1 } = classification(gold, predicted);
    expect(accuracy).toBe(0.5);
    // positive: P 1/2, R 1/2 → F1 0.5; neutral: P 1/2, R 1 → 2/3; negative: 0.
    expect(macroF1).toBeCloseTo((0.5 + 2 / 3 + 0) / 3, 10);
  });

  it('computes ROC AUC as the Mann–Whitney probability, ties counting half', () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
    // Pairs (positive, negative): (0.9,0.3) (0.9,0.4) (0.4,0.3) win, (0.4,0.4) ties → 3.5 / 4.
    expect(rocAuc([0.9, 0.4, 0.3, 0.4], [1, 1, 0, 0])).toBe(0.875);
  });

  it('loads the UCI labelled sentences shipped with the sentiment package (1,000 per set, both classes)', () => {
    const sets = loadLabelledSentences();
    expect(sets.map((set) => set.name)).toEqual(['amazon', 'imdb', 'yelp']);
    for (const set of sets) {
      expect(set.rows.length).toBe(1000);
      expect(set.rows.filter((row) => row.positive).length).toBe(500);
    }
  });
});
