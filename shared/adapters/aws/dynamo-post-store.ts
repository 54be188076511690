import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { IndexName } from '../../config/resource-names';
import type { Platform } from '../../domain/platform';
import { type Post, PostSchema } from '../../domain/post';
import type { PostStore } from '../../ports/post-store';
import { dynamoDocumentClient } from './clients';
import { type BatchWriteOptions, batchPutAll, queryAll } from './dynamo-batch';
import { Keys } from './dynamo-keys';

function newestFirst(a: Post, b: Post): number {
  return b.publishedAt.localeCompare(a.publishedAt) || a.postId.localeCompare(b.postId);
}

/**
 * Posts live in their creator's partition (`C#platform#account`, sk `POST#id`): posts-by-creator is one strongly
 * consistent Query. A sponsored post also gets one small link item per campaign (sk `CAMPLINK#post#campaign`)
 * indexed on gsi1 (`CAMP#campaign`), so a post in two campaigns is listed under both.
 */
export class DynamoPostStore implements PostStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient = dynamoDocumentClient(),
    private readonly batchOptions: BatchWriteOptions = {},
  ) {}

  async putPosts(posts: readonly Post[]): Promise<void> {
    const items: Record<string, unknown>[] = [];
    const wantedLinks = new Set<string>();
    const creators = new Map<string, { platform: Platform; accountId: string }>();
    for (const raw of posts) {
      const post = PostSchema.parse(raw);
      const pk = Keys.creatorPartition(post.platform, post.accountId);
      creators.set(pk, { platform: post.platform, accountId: post.accountId });
      items.push({
        pk,
        sk: Keys.postSortKey(post.postId),
        entity: 'post',
        publishedAt: post.publishedAt,
        data: post,
      });
      const campaignIds = post.sponsorship?.sponsored ? post.sponsorship.campaignIds : [];
      for (const campaignId of campaignIds) {
        const sk = Keys.campaignLinkSortKey(post.postId, campaignId);
        wantedLinks.add(`${pk}|${sk}`);
        items.push({
          pk,
          sk,
          gsi1pk: Keys.campaignIndexKey(campaignId),
          gsi1sk: `${post.publishedAt}#${post.platform}#${post.postId}`,
          entity: 'campaign-link',
          data: post,
        });
      }
    }
    await batchPutAll(this.client, this.tableName, items, this.batchOptions);
    await this.deleteStaleLinks(posts, creators, wantedLinks);
  }

  /** A post no longer attributed to a campaign must disappear from that campaign's listing. */
  private async deleteStaleLinks(
    posts: readonly Post[],
    creators: Map<string, { platform: Platform; accountId: string }>,
    wantedLinks: Set<string>,
  ): Promise<void> {
    const postIds = new Set(posts.map((post) => post.postId));
    const stale: { pk: string; sk: string }[] = [];
    for (const pk of creators.keys()) {
      const links = await queryAll(this.client, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': Keys.campaignLinkSortPrefix },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      });
      for (const link of links) {
        const sk = String(link.sk);
        const postId = sk.slice(Keys.campaignLinkSortPrefix.length).split('#')[0] ?? '';
        if (postIds.has(postId) && !wantedLinks.has(`${pk}|${sk}`)) stale.push({ pk, sk });
      }
    }
    for (let i = 0; i < stale.length; i += 25) {
      const chunk = stale.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: chunk } }));
    }
  }

  async getPost(platform: Platform, accountId: string, postId: string): Promise<Post | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: Keys.creatorPartition(platform, accountId), sk: Keys.postSortKey(postId) },
        ConsistentRead: true,
      }),
    );
    return result.Item ? PostSchema.parse(result.Item.data) : undefined;
  }

  async listPostsByCreator(platform: Platform, accountId: string): Promise<Post[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': Keys.creatorPartition(platform, accountId),
        ':prefix': Keys.postSortPrefix,
      },
      ConsistentRead: true,
    });
    return items.map((item) => PostSchema.parse(item.data)).sort(newestFirst);
  }

  async listSponsoredPostsByCampaign(campaignId: string): Promise<Post[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: IndexName.gsi1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': Keys.campaignIndexKey(campaignId) },
      ScanIndexForward: false,
    });
    return items.map((item) => PostSchema.parse(item.data));
  }
}
