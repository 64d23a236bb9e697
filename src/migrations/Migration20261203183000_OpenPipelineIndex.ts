import { Migration } from '@mikro-orm/migrations';

/**
 * salesMetrics' open and weighted pipeline sums every open deal of the organization in its currency
 * (the pipeline now, whatever the range): a partial covering index makes that an index-only scan
 * of the open deals instead of a scan of every opportunity.
 */
export class Migration20261203183000_OpenPipelineIndex extends Migration {
  override name = 'Migration20261203183000_OpenPipelineIndex';

  override up(): void {
    this.addSql(
      `create index "opportunities_open_pipeline_index" on "opportunities" ("organization_id", "amount_currency") include ("amount_amount", "probability") where "status" = 'open' and "deleted_at" is null;`,
    );
  }

  override down(): void {
    this.addSql('drop index if exists "opportunities_open_pipeline_index";');
  }
}
