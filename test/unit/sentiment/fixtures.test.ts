import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSentimentEngine } from '../../../shared/sentiment/index';

type Expected = 'positive' | 'neutral' | 'negative' | 'unscored';
interface Fixture {
  readonly category: string;
  readonly expected: Expected;
  readonly text: string;
  readonly why: string;
}

const EXPECTED_VALUES: readonly string[] = ['positive', 'neutral', 'negative', 'unscored'];

function loadFixtures(): Fixture[] {
  const file = join(import.meta.dirname, '../../fixtures/sentiment/comments.tsv');
  const fixtures: Fixture[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [category = '', expected = '', text = '', why = ''] = line.split('\t');
    if (!EXPECTED_VALUES.includes(expected)) throw new Error(`bad expected label in fixture line: ${line}`);
    fixtures.push({ category, expected: expected as Expected, text, why });
  }
  return fixtures;
}

describe('comment fixtures (test/fixtures/sentiment/comments.tsv)', () => {
  const fixtures = loadFixtures();
  const engine = createSentimentEngine();

  it('has at least 150 comment-style texts covering every category', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(150);
    const categories = new Set(fixtures.map((fixture) => fixture.category));
    for (const category of ['emoji', 'slang', 'negation', 'mixed', 'sarcasm', 'spam']) {
      expect(categories).toContain(category);
    }
  });

  it('labels at least 90 % of them as a human would', () => {
    const misses: string[] = [];
    for (const fixture of fixtures) {
      const result = engine.score(fixture.text);
      const actual = result.scored ? result.label : 'unscored';
      if (actual !== fixture.expected) {
        const detail = result.scored
          ? `compound ${result.compound}`
          : `${result.reason} (${result.language})`;
        misses.push(
          `[${fixture.category}] ${JSON.stringify(fixture.text)}: expected ${fixture.expected}, got ${actual}, ${detail}`,
        );
      }
    }
    const accuracy = 1 - misses.length / fixtures.length;
    console.log(
      `fixtures: ${fixtures.length - misses.length}/${fixtures.length} (${(accuracy * 100).toFixed(1)} %)\n${misses.join('\n')}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('never scores a text in another language as neutral', () => {
    for (const fixture of fixtures.filter((entry) => entry.expected === 'unscored')) {
      const result = engine.score(fixture.text);
      expect(result.scored, fixture.text).toBe(false);
    }
  });
});
