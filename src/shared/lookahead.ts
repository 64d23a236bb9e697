import { type Ref, Reference, wrap } from '@mikro-orm/core';
import type DataLoader from 'dataloader';
import { isPlainRecord, PlainRef } from '../db/plain-rows.js';
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * Look-ahead for fewer statements: which fields an operation selects below the field being
 * resolved, so a list can join the to-one relations its items will be asked for (one statement
 * instead of one loader statement per relation). Looks through fragments and inline fragments;
 * fields under a directive are counted as selected (a join too many costs less than a statement).
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path)
    sets = sets.flatMap((set) =>
      fieldsOf(set, info)
        .filter((f) => f.name.value === name && f.selectionSet)
        .map((f) => f.selectionSet!),
    );
  return new Set(sets.flatMap((set) => fieldsOf(set, info).map((f) => f.name.value)));
}

function fieldsOf(set: SelectionSetNode, info: GraphQLResolveInfo, seen = new Set<string>()): FieldNode[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, info, seen);
    const name = selection.name.value;
    const fragment = info.fragments[name];
    if (!fragment || seen.has(name)) return [];
    seen.add(name);
    return fieldsOf(fragment.selectionSet, info, seen);
  });
}

/** The relations (entity property names) to join: those of `relations` whose GraphQL field is selected. */
export const joinsFor = (selected: ReadonlySet<string>, relations: Readonly<Record<string, string>>): string[] =>
  Object.entries(relations)
    .filter(([field]) => selected.has(field))
    .map(([, property]) => property);

/**
 * A to-one relation's record: the record itself when the statement that loaded the owner joined it
 * (or the request already loaded it: the identity map holds one instance per row), else through the
 * relation's loader, batched with its siblings.
 */
export function related<T extends object>(ref: Ref<T> | null | undefined, loader: DataLoader<string, T | null>): T | null | Promise<T | null> {
  if (!ref) return null;
  // Plain records (read-only requests, db/plain-rows.ts): joined, or an ID to load.
  if (ref instanceof PlainRef) return loader.load(ref.id);
  if (isPlainRecord(ref)) return ref as unknown as T;
  // A Ref as loaded, or an entity a service assigned to the relation.
  const entity = (Reference.isReference(ref) ? (ref as unknown as Reference<T>).unwrap() : ref) as T & { id: string };
  if (wrap(entity).isInitialized()) return entity;
  return loader.load(entity.id);
}
