import { Field, InputType, registerEnumType } from 'type-graphql';
import {
  BooleanFilter,
  DateTimeFilter,
  IDFilter,
  IntFilter,
  OrderDirection,
  StringFilter,
  type FilterMapping,
  on,
  onId,
} from '../../../shared/filters.js';
import { StockMovementType } from '../stock-movement.entity.js';

@InputType({ description: 'Conditions on a stock movement type.' })
export class StockMovementTypeFilter {
  @Field(() => StockMovementType, { nullable: true, description: 'Equal to.' })
  eq?: StockMovementType | null;
  @Field(() => [StockMovementType], { nullable: true, description: 'One of.' })
  in?: StockMovementType[] | null;
}

@InputType({ description: 'Which warehouses to list.' })
export class WarehouseFilter {
  @Field(() => [WarehouseFilter], { nullable: true, description: 'All of these.' })
  and?: WarehouseFilter[] | null;
  @Field(() => [WarehouseFilter], { nullable: true, description: 'Any of these.' })
  or?: WarehouseFilter[] | null;
  @Field(() => WarehouseFilter, { nullable: true, description: 'Not this.' })
  not?: WarehouseFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Warehouse ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Code.' })
  code?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Name.' })
  name?: StringFilter | null;
  @Field(() => BooleanFilter, { nullable: true, description: 'Active.' })
  active?: BooleanFilter | null;
}

export const warehouseFilterMapping: FilterMapping<WarehouseFilter> = { id: onId('id'), code: on('code'), name: on('name'), active: on('active') };

@InputType({ description: 'Which stock levels to list.' })
export class StockLevelFilter {
  @Field(() => [StockLevelFilter], { nullable: true, description: 'All of these.' })
  and?: StockLevelFilter[] | null;
  @Field(() => [StockLevelFilter], { nullable: true, description: 'Any of these.' })
  or?: StockLevelFilter[] | null;
  @Field(() => StockLevelFilter, { nullable: true, description: 'Not this.' })
  not?: StockLevelFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Variant ID.' })
  variantId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Warehouse ID.' })
  warehouseId?: IDFilter | null;
  @Field(() => IntFilter, { nullable: true, description: 'Units on hand.' })
  onHand?: IntFilter | null;
  @Field(() => IntFilter, { nullable: true, description: 'Units reserved.' })
  reserved?: IntFilter | null;
}

export const stockLevelFilterMapping: FilterMapping<StockLevelFilter> = {
  variantId: onId('variant'),
  warehouseId: onId('warehouse'),
  onHand: on('onHand'),
  reserved: on('reserved'),
};

@InputType({ description: 'Which ledger entries to list.' })
export class StockMovementFilter {
  @Field(() => [StockMovementFilter], { nullable: true, description: 'All of these.' })
  and?: StockMovementFilter[] | null;
  @Field(() => [StockMovementFilter], { nullable: true, description: 'Any of these.' })
  or?: StockMovementFilter[] | null;
  @Field(() => StockMovementFilter, { nullable: true, description: 'Not this.' })
  not?: StockMovementFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Variant ID.' })
  variantId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Warehouse ID.' })
  warehouseId?: IDFilter | null;
  @Field(() => StockMovementTypeFilter, { nullable: true, description: 'Type.' })
  type?: StockMovementTypeFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Reference.' })
  reference?: StringFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it was recorded.' })
  createdAt?: DateTimeFilter | null;
}

export const stockMovementFilterMapping: FilterMapping<StockMovementFilter> = {
  variantId: onId('variant'),
  warehouseId: onId('warehouse'),
  type: on('type'),
  reference: on('reference'),
  createdAt: on('createdAt'),
};

export enum WarehouseOrderField {
  CODE = 'code',
  NAME = 'name',
  CREATED_AT = 'createdAt',
}
export enum StockLevelOrderField {
  ON_HAND = 'onHand',
  RESERVED = 'reserved',
  CREATED_AT = 'createdAt',
}
export enum StockMovementOrderField {
  CREATED_AT = 'createdAt',
}
registerEnumType(WarehouseOrderField, { name: 'WarehouseSortField', description: 'What to sort warehouses by.' });
registerEnumType(StockLevelOrderField, { name: 'StockLevelSortField', description: 'What to sort stock levels by.' });
registerEnumType(StockMovementOrderField, { name: 'StockMovementSortField', description: 'What to sort ledger entries by.' });

@InputType('WarehouseSort', { description: 'Sort order of warehouses (ties broken by ID).' })
export class WarehouseOrder {
  @Field(() => WarehouseOrderField, { description: 'Field to sort by.' })
  field!: WarehouseOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType('StockLevelSort', { description: 'Sort order of stock levels (ties broken by ID).' })
export class StockLevelOrder {
  @Field(() => StockLevelOrderField, { description: 'Field to sort by.' })
  field!: StockLevelOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType('StockMovementSort', { description: 'Sort order of ledger entries (ties broken by ID).' })
export class StockMovementOrder {
  @Field(() => StockMovementOrderField, { description: 'Field to sort by.' })
  field!: StockMovementOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: 'Direction (newest first by default).' })
  direction: OrderDirection = OrderDirection.DESC;
}
