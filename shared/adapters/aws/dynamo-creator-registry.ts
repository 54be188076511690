import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { IndexName } from '../../config/resource-names';
import { type Campaign, CampaignSchema, type Creator, CreatorSchema } from '../../domain/creator';
import type { Platform } from '../../domain/platform';
import type { CreatorRegistry } from '../../ports/creator-registry';
import { dynamoDocumentClient } from './clients';
import { queryAll } from './dynamo-batch';
import { Keys } from './dynamo-keys';

/** Creators and campaigns in the `creators` table; the domain object is kept whole under `data`. */
export class DynamoCreatorRegistry implements CreatorRegistry {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
  ) {}

  async putCreator(creator: Creator): Promise<void> {
    const valid = CreatorSchema.parse(creator);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...Keys.creator(valid.platform, valid.accountId),
          gsi1pk: Keys.creatorsByStatus(valid.status),
          gsi1sk: `${valid.platform}#${valid.accountId}`,
          entity: 'creator',
          data: valid,
        },
      }),
    );
  }

  async getCreator(platform: Platform, accountId: string): Promise<Creator | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: Keys.creator(platform, accountId),
        ConsistentRead: true,
      }),
    );
    return result.Item ? CreatorSchema.parse(result.Item.data) : undefined;
  }

  async listActiveCreators(): Promise<Creator[]> {
    return this.listCreatorsByStatus('active');
  }

  async listCreatorsByStatus(status: Creator['status']): Promise<Creator[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: IndexName.gsi1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': Keys.creatorsByStatus(status) },
    });
    return items.map((item) => CreatorSchema.parse(item.data));
  }

  /** One query per status on the status index (statuses are few), sorted by creator key. */
  async listCreators(): Promise<Creator[]> {
    const all: Creator[] = [];
    for (const status of CreatorSchema.shape.status.unwrap().options) {
      all.push(...(await this.listCreatorsByStatus(status)));
    }
    return all.sort((a, b) => (`${a.platform}#${a.accountId}` < `${b.platform}#${b.accountId}` ? -1 : 1));
  }

  async removeCreator(platform: Platform, accountId: string): Promise<boolean> {
    const result = await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: Keys.creator(platform, accountId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes !== undefined;
  }

  async removeCampaign(campaignId: string): Promise<boolean> {
    const result = await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: Keys.campaign(campaignId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes !== undefined;
  }

  async putCampaign(campaign: Campaign): Promise<void> {
    const valid = CampaignSchema.parse(campaign);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...Keys.campaign(valid.campaignId),
          gsi1pk: Keys.allCampaigns,
          gsi1sk: valid.campaignId,
          entity: 'campaign',
          data: valid,
        },
      }),
    );
  }

  async getCampaign(campaignId: string): Promise<Campaign | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: Keys.campaign(campaignId), ConsistentRead: true }),
    );
    return result.Item ? CampaignSchema.parse(result.Item.data) : undefined;
  }

  async listCampaigns(): Promise<Campaign[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: IndexName.gsi1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': Keys.allCampaigns },
    });
    return items.map((item) => CampaignSchema.parse(item.data));
  }
}
