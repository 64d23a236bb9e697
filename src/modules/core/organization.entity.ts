import type { Opt } from '@mikro-orm/core';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../shared/base.entity.js';

@Entity({ tableName: 'organizations' })
@ObjectType({ description: 'A tenant: a company using SimplyCRM. Every record belongs to exactly one organization.' })
export class Organization extends BaseEntity {
  @Field(() => ID, { description: 'UUID of the organization.' })
  declare id: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Property({ type: 'string', length: 63 })
  @Unique()
  @Field(() => String, { description: 'Unique URL-safe identifier; also accepted in the `x-organization` header.' })
  slug!: string;

  @Field(() => Date, { description: 'When the organization was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Property({ type: 'text', default: 'UTC' })
  @Field(() => String, {
    description: "IANA time zone (e.g. Europe/Berlin) of the organization's schedules: automation rules' cron and date offsets. UTC by default.",
  })
  timeZone: Opt<string> = 'UTC';

  /** The organization's own key for signed links it sends (campaign unsubscribe links): random, never shown, never in the API. */
  @Property({
    type: 'text',
    lazy: true,
    hidden: true,
    defaultRaw: "encode(sha256(convert_to(((gen_random_uuid())::text || (gen_random_uuid())::text), 'UTF8'::name)), 'hex'::text)",
  })
  signingSecret?: string;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length <= 64;
  } catch {
    return false;
  }
}
