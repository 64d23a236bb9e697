import { Migration } from '@mikro-orm/migrations';

/**
 * `opportunities.amount_source`: whether the amount follows the lines or was set by hand. Existing
 * rows whose amount equals their lines' total (0 without lines) are taken to follow them; any other
 * amount was typed by somebody and stays MANUAL, so nothing they entered is recomputed away.
 */
export class Migration20261202055554_OpportunityAmountSource extends Migration {
  override name = 'Migration20261202055554_OpportunityAmountSource';

  override up(): void | Promise<void> {
    this.addSql(`create type "opportunity_amount_source" as enum ('lines', 'manual');`);
    this.addSql(`alter table "opportunities" add "amount_source" "opportunity_amount_source" not null default 'manual';`);
    this.addSql(`update "opportunities" o set "amount_source" = 'lines'
      where o."amount_amount" = (select coalesce(sum(l."quantity" * l."unit_price_amount"), 0) from "opportunity_lines" l where l."opportunity_id" = o."id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "opportunities" drop column "amount_source";`);
    this.addSql(`drop type "opportunity_amount_source";`);
  }
}
