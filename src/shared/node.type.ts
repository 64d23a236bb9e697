import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay object identification: every record of an organization implements Node, so a client cache
 * (Relay, urql's graphcache, Apollo) can refetch any record with `node(id)`. Implementing types
 * are resolved by `instanceof` on their entity classes (type-graphql's default).
 */
@InterfaceType('Node', {
  description:
    'A record of the organization that can be refetched by its ID with `node(id)` or `nodes(ids)`. IDs are UUIDs, unique across every type, so an ID alone names the record.',
})
export abstract class Node {
  @Field(() => ID, { description: 'UUID of the record, unique across every type: pass it to node(id) to refetch the record.' })
  id!: string;
}
