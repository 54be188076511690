import { beforeAll, describe, expect, it } from 'vitest';
import { type CfnTemplate, type SynthesizedPulseApp, synthPulseApp } from './synth-pulse-app';

/**
 * Token refresh writes rotated OAuth credentials back: only collect-creator may, only on the creator credential
 * prefixes (never on the OAuth app secrets next to them), and cdk-nag stays clean (synth throws otherwise).
 */

let synthesized: SynthesizedPulseApp;

beforeAll(() => {
  synthesized = synthPulseApp({ stage: 'rotate' });
});

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

function policies(template: CfnTemplate) {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::IAM::Policy')
    .map(([id, resource]) => {
      const properties = resource.Properties as {
        PolicyDocument: { Statement: Statement[] };
        Roles: { Ref: string }[];
      };
      return {
        id,
        roles: properties.Roles.map((r) => r.Ref),
        statements: properties.PolicyDocument.Statement,
      };
    });
}

const actionsOf = (statement: Statement) => [statement.Action].flat();

describe('credential rotation permissions', () => {
  it('only collect-creator may PutSecretValue, on <prefix><platform>/* for the three platforms', () => {
    const writers = policies(synthesized.stateless).flatMap((policy) =>
      policy.statements
        .filter((statement) => actionsOf(statement).some((action) => action.startsWith('secretsmanager:Put')))
        .map((statement) => ({ policy, statement })),
    );
    expect(writers).toHaveLength(1);
    const [writer] = writers;
    expect(writer?.policy.roles.join(',')).toMatch(/collectcreator/i);
    expect(actionsOf(writer?.statement ?? { Action: [], Resource: [] })).toEqual([
      'secretsmanager:PutSecretValue',
    ]);
    const resources = JSON.stringify(writer?.statement.Resource);
    for (const platform of ['youtube', 'instagram', 'tiktok'])
      expect(resources).toContain(`:secret:creator-pulse/rotate/platform/${platform}/*`);
    expect([writer?.statement.Resource].flat()).toHaveLength(3);
    // The OAuth app secrets (`<prefix>app/<platform>`) stay read-only.
    expect(resources).not.toContain('platform/*');
    expect(resources).not.toContain('/app/');
  });

  it('collect-creator still reads every secret under the platform prefix (creator credentials and OAuth apps)', () => {
    const readers = policies(synthesized.stateless).filter((policy) =>
      policy.statements.some(
        (statement) =>
          actionsOf(statement).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(statement.Resource).includes(':secret:creator-pulse/rotate/platform/*'),
      ),
    );
    expect(readers.map((policy) => policy.roles.join(','))).toEqual([
      expect.stringMatching(/collectcreator/i),
    ]);
  });
});
