import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AppName } from '../../shared/config/resource-names';
import { PLATFORMS, type Platform } from '../../shared/domain/platform';

export interface PipelineSecretsProps {
  readonly stage: string;
  readonly alertWebhook: boolean;
  readonly retainData: boolean;
}

/** `creator-pulse/<stage>/platform/` — functions read `<prefix><platform>` at runtime. */
export function platformSecretPrefix(stage: string): string {
  return `${AppName}/${stage}/platform/`;
}

/**
 * Secrets Manager secrets. Functions receive only their ids (names) in the environment and read values at
 * runtime. Platform credentials are created with a placeholder the operator replaces with
 * `aws secretsmanager put-secret-value`; the author-hash HMAC key is generated here and never leaves AWS.
 */
export class PipelineSecrets extends Construct {
  readonly platform: Record<Platform, Secret>;
  readonly authorHashKey: Secret;
  readonly alertWebhook: Secret | undefined;
  readonly platformPrefix: string;

  constructor(scope: Construct, id: string, props: PipelineSecretsProps) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.platformPrefix = platformSecretPrefix(props.stage);

    const entries = PLATFORMS.map((platform) => {
      const secret = new Secret(this, `${platform}-credentials`, {
        secretName: `${this.platformPrefix}${platform}`,
        description: `${platform} API credentials for Creator Pulse (${props.stage}); JSON set by the operator`,
        // A random placeholder keeps plaintext out of the template; the operator overwrites it.
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ configured: false }),
          generateStringKey: 'placeholder',
        },
        removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Platform OAuth tokens and API keys are issued by YouTube/Instagram/TikTok; Secrets Manager cannot ' +
          'rotate them. The collector refreshes rotating tokens itself (platform-apis.md §2.6, §3.3).',
      });
      return [platform, secret] as const;
    });
    this.platform = Object.fromEntries(entries) as Record<Platform, Secret>;

    this.authorHashKey = new Secret(this, 'author-hash-key', {
      secretName: `${AppName}/${props.stage}/author-hash-key`,
      description: 'HMAC-SHA-256 key pseudonymising comment authors (never exported)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.authorHashKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the author-hash key would change every pseudonym and break per-author joins across time; ' +
        'rotation is a deliberate, manual operation (docs/deploy.md).',
    });

    if (props.alertWebhook) {
      this.alertWebhook = new Secret(this, 'alert-webhook', {
        secretName: `${AppName}/${props.stage}/alert-webhook`,
        description: 'Webhook URL evaluate-alerts posts alerts to (e.g. Slack incoming webhook)',
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ configured: false }),
          generateStringKey: 'placeholder',
        },
        removalPolicy,
      });
      Validations.of(this.alertWebhook).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The webhook URL is issued by the receiving service (e.g. Slack) and cannot be rotated by AWS.',
      });
    } else {
      this.alertWebhook = undefined;
    }
  }
}
