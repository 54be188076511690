import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { EnvVar } from '../../shared/config/resource-names';
import { type Campaign, CampaignSchema, type Creator, CreatorSchema } from '../../shared/domain/creator';
import { creatorKey, PlatformSchema } from '../../shared/domain/platform';
import type { CreatorRegistry } from '../../shared/ports/creator-registry';
import { type CliCommand, type CliIo, CliUsageError, parseCommandArgs } from '../command';

const usage = `Usage: pulse creators <action> [options] [--table NAME | --local DIR]

Manage the tracked creators and brand campaigns in the registry the pipeline polls.

Actions:
  add       --platform youtube|instagram|tiktok --account-id ID --handle H [--niche N] [--campaign ID]...
  import    FILE.csv   columns: platform,account_id,handle[,niche][,campaign_ids]  (campaign ids separated by ;)
  list      [--format table|csv|json]
  remove    --platform P --account-id ID       stop tracking (collected data stays until its retention ends)
  campaign  --id ID --brand B --start ISO --end ISO [--kind paid|gifted|affiliate]
            [--creator platform:accountId]... [--tag T]... [--code C]... [--link L]...

Where the registry is:
  --table NAME   a deployed stack's creators table (CloudFormation output CreatorsTableName of
                 CreatorPulse-<stage>-Stateful); uses your AWS credentials and region. Defaults to $${EnvVar.creatorsTable}.
  --local DIR    a registry kept on disk in DIR by the local stack (no AWS account needed)

Examples:
  pulse creators add --platform youtube --account-id UC123 --handle mia.cooks --niche food --local .pulse-local
  pulse creators import creators.csv --table CreatorPulse-prod-Stateful-tablescreators1234`;

const platformOption = PlatformSchema;
const accountIdOption = z.string().trim().min(1).max(128);

interface Target {
  registry: CreatorRegistry;
  close: () => Promise<void>;
}

async function openRegistry(values: { table?: string; local?: string }): Promise<Target> {
  const { DynamoCreatorRegistry } = await import('../../shared/adapters/aws/dynamo-creator-registry');
  if (values.local !== undefined) {
    const { startLocalStack } = await import('../../infra/local/stack');
    const { resetClients } = await import('../../shared/adapters/aws/clients');
    const stack = await startLocalStack({ persistDir: resolve(values.local), stage: 'local' });
    const previous = { ...process.env };
    Object.assign(process.env, stack.env);
    resetClients();
    return {
      registry: new DynamoCreatorRegistry(stack.resources.tables.creators),
      close: async () => {
        process.env = previous;
        resetClients();
        await stack.stop();
      },
    };
  }
  const table = values.table ?? process.env[EnvVar.creatorsTable];
  if (table === undefined || table === '') {
    throw new CliUsageError(
      `say where the registry is: --table NAME (or $${EnvVar.creatorsTable}), or --local DIR`,
    );
  }
  return { registry: new DynamoCreatorRegistry(table), close: async () => undefined };
}

/** Minimal RFC 4180 CSV: quoted fields, escaped quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((cell) => cell.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((cell) => cell.trim() !== '')) rows.push(row);
  return rows;
}

const CsvCreatorSchema = z.object({
  platform: PlatformSchema,
  account_id: accountIdOption,
  handle: z.string().trim().min(1).max(100),
  niche: z.string().trim().max(60).optional(),
  campaign_ids: z.string().optional(),
});

/** Parses a creators CSV; every bad row is reported with its line number, and nothing is written if any is bad. */
export function creatorsFromCsv(text: string): { creators: Creator[]; errors: string[] } {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return { creators: [], errors: ['the file is empty'] };
  const columns = header.map((h) => h.trim().toLowerCase());
  for (const required of ['platform', 'account_id', 'handle']) {
    if (!columns.includes(required)) return { creators: [], errors: [`missing column '${required}'`] };
  }
  const creators: Creator[] = [];
  const errors: string[] = [];
  rows.forEach((cells, index) => {
    const record = Object.fromEntries(
      columns.map((c, i) => [c, (cells[i] ?? '').trim() === '' ? undefined : cells[i]?.trim()]),
    );
    const parsed = CsvCreatorSchema.safeParse(record);
    if (!parsed.success) {
      errors.push(
        `line ${index + 2}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
      return;
    }
    creators.push(
      CreatorSchema.parse({
        platform: parsed.data.platform,
        accountId: parsed.data.account_id,
        handle: parsed.data.handle.replace(/^@/, ''),
        niche: parsed.data.niche ?? 'general',
        campaignIds: (parsed.data.campaign_ids ?? '')
          .split(';')
          .map((id) => id.trim())
          .filter(Boolean),
      }),
    );
  });
  return { creators, errors };
}

function write(io: CliIo, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function formatCreators(
  creators: readonly Creator[],
  campaigns: readonly Campaign[],
  format: string,
): string {
  if (format === 'json') return JSON.stringify({ creators, campaigns }, null, 2);
  if (format === 'csv') {
    return [
      'platform,account_id,handle,niche,status,campaign_ids',
      ...creators.map((c) =>
        [c.platform, c.accountId, c.handle, c.niche, c.status, c.campaignIds.join(';')].join(','),
      ),
    ].join('\n');
  }
  const lines = [`${creators.length} creator(s)`];
  for (const c of creators) {
    lines.push(
      `  ${c.platform.padEnd(9)} ${c.accountId.padEnd(26)} @${c.handle.padEnd(20)} ${c.niche.padEnd(10)} ${c.status}${c.campaignIds.length > 0 ? `  campaigns: ${c.campaignIds.join(', ')}` : ''}`,
    );
  }
  lines.push(`${campaigns.length} campaign(s)`);
  for (const k of campaigns) {
    lines.push(
      `  ${k.campaignId.padEnd(20)} ${k.brand.padEnd(16)} ${k.kind.padEnd(9)} ${k.startsAt.slice(0, 10)} → ${k.endsAt.slice(0, 10)}  tags: ${k.tags.join(' ') || '-'}  codes: ${k.promoCodes.join(' ') || '-'}`,
    );
  }
  return lines.join('\n');
}

function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length > 0 ? `--${i.path.join('.')}` : 'value'}: ${i.message}`)
    .join('; ');
}

export const command: CliCommand = {
  summary: 'add, import, list or remove tracked creators and campaigns',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, {
      allowPositionals: true,
      options: {
        table: { type: 'string' },
        local: { type: 'string' },
        platform: { type: 'string' },
        'account-id': { type: 'string' },
        handle: { type: 'string' },
        niche: { type: 'string' },
        campaign: { type: 'string', multiple: true },
        format: { type: 'string', default: 'table' },
        id: { type: 'string' },
        brand: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        kind: { type: 'string' },
        creator: { type: 'string', multiple: true },
        tag: { type: 'string', multiple: true },
        code: { type: 'string', multiple: true },
        link: { type: 'string', multiple: true },
      },
    });
    const [action, ...positionals] = parsed.positionals;
    const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
    const str = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
    const list = (name: string) => (Array.isArray(v[name]) ? (v[name] as string[]) : []);

    // Validate everything before touching the registry, so a typo never half-applies.
    let apply: (registry: CreatorRegistry) => Promise<number>;
    switch (action) {
      case 'add': {
        const creator = CreatorSchema.safeParse({
          platform: str('platform'),
          accountId: str('account-id'),
          handle: str('handle')?.replace(/^@/, ''),
          niche: str('niche'),
          campaignIds: list('campaign'),
        });
        if (!creator.success) throw new CliUsageError(zodMessage(creator.error));
        apply = async (registry) => {
          await registry.putCreator(creator.data);
          write(
            io,
            `added ${creatorKey(creator.data.platform, creator.data.accountId)} (@${creator.data.handle})`,
          );
          return 0;
        };
        break;
      }
      case 'import': {
        const file = positionals[0];
        if (file === undefined) throw new CliUsageError('give the CSV file to import');
        let text: string;
        try {
          text = readFileSync(resolve(file), 'utf8');
        } catch (error) {
          io.stderr.write(`pulse creators: cannot read ${file}: ${(error as Error).message}\n`);
          return 1;
        }
        const { creators, errors } = creatorsFromCsv(text);
        if (errors.length > 0) {
          io.stderr.write(
            `pulse creators: ${file} has ${errors.length} invalid row(s); nothing was imported:\n`,
          );
          for (const error of errors.slice(0, 50)) io.stderr.write(`  ${error}\n`);
          return 1;
        }
        apply = async (registry) => {
          for (const creator of creators) await registry.putCreator(creator);
          write(io, `imported ${creators.length} creator(s) from ${file}`);
          return 0;
        };
        break;
      }
      case 'list': {
        const format = z.enum(['table', 'csv', 'json']).safeParse(str('format'));
        if (!format.success) throw new CliUsageError('--format must be table, csv or json');
        apply = async (registry) => {
          write(
            io,
            formatCreators(await registry.listCreators(), await registry.listCampaigns(), format.data),
          );
          return 0;
        };
        break;
      }
      case 'remove': {
        const platform = platformOption.safeParse(str('platform'));
        const accountId = accountIdOption.safeParse(str('account-id'));
        if (!platform.success || !accountId.success) {
          throw new CliUsageError('remove needs --platform youtube|instagram|tiktok and --account-id ID');
        }
        apply = async (registry) => {
          const removed = await registry.removeCreator(platform.data, accountId.data);
          const key = creatorKey(platform.data, accountId.data);
          if (!removed) {
            io.stderr.write(`pulse creators: ${key} is not in the registry\n`);
            return 1;
          }
          write(io, `removed ${key}; it is no longer collected (its data stays until the retention ends)`);
          return 0;
        };
        break;
      }
      case 'campaign': {
        const campaign = CampaignSchema.safeParse({
          campaignId: str('id'),
          brand: str('brand'),
          startsAt: str('start'),
          endsAt: str('end'),
          kind: str('kind'),
          creatorKeys: list('creator').map((c) => c.replace(':', '#')),
          tags: list('tag').map((t) => t.replace(/^#/, '').toLowerCase()),
          promoCodes: list('code'),
          links: list('link'),
        });
        if (!campaign.success) throw new CliUsageError(zodMessage(campaign.error));
        if (Date.parse(campaign.data.endsAt) < Date.parse(campaign.data.startsAt)) {
          throw new CliUsageError('--end must not be before --start');
        }
        apply = async (registry) => {
          await registry.putCampaign(campaign.data);
          write(io, `saved campaign ${campaign.data.campaignId} (${campaign.data.brand})`);
          return 0;
        };
        break;
      }
      default:
        throw new CliUsageError(
          action === undefined
            ? 'missing action'
            : `unknown action '${action}' (add, import, list, remove, campaign)`,
        );
    }

    const target = await openRegistry({
      ...(str('table') === undefined ? {} : { table: str('table') }),
      ...(str('local') === undefined ? {} : { local: str('local') }),
    });
    try {
      return await apply(target.registry);
    } finally {
      await target.close();
    }
  },
};
