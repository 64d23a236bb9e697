import { AssistantMessage, AssistantUsageDay, Conversation } from '../modules/assistant/conversation.entity.js';
import { PriceChange } from '../modules/catalog/price-change.entity.js';
import { Product } from '../modules/catalog/product.entity.js';
import { ProductVariant } from '../modules/catalog/product-variant.entity.js';
import { StockLevel } from '../modules/catalog/stock-level.entity.js';
import { StockMovement } from '../modules/catalog/stock-movement.entity.js';
import { Supplier } from '../modules/catalog/supplier.entity.js';
import { SupplierOffer } from '../modules/catalog/supplier-offer.entity.js';
import { Warehouse } from '../modules/catalog/warehouse.entity.js';
import { FeatureFlag } from '../modules/core/feature-flag.entity.js';
import { Invitation } from '../modules/core/invitation.entity.js';
import { Membership } from '../modules/core/membership.entity.js';
import { Organization } from '../modules/core/organization.entity.js';
import { PasswordResetToken } from '../modules/core/password-reset-token.entity.js';
import { PersonalToken } from '../modules/core/personal-token.entity.js';
import { Subscription } from '../modules/core/subscription.entity.js';
import { SubscriptionPlan } from '../modules/core/subscription-plan.entity.js';
import { User } from '../modules/core/user.entity.js';
import { Account } from '../modules/customers/account.entity.js';
import { Activity, RecordChange } from '../modules/customers/activity.entity.js';
import { DocumentSequence, IdempotencyKey } from '../modules/orders/bookkeeping.entity.js';
import { Contact } from '../modules/customers/contact.entity.js';
import { Invoice, InvoiceLine, Payment } from '../modules/orders/invoice.entity.js';
import { Lead } from '../modules/customers/lead.entity.js';
import { Opportunity, OpportunityContactRole, OpportunityLine, OpportunityStageChange } from '../modules/customers/opportunity.entity.js';
import { OrderLine, SalesOrder } from '../modules/orders/order.entity.js';
import { Pipeline, PipelineStage } from '../modules/customers/pipeline.entity.js';
import { Shipment, ShipmentLine } from '../modules/orders/shipment.entity.js';
import { Money } from '../shared/money.js';
import { BaseEntity } from '../shared/base.entity.js';
import { TenantEntity } from '../shared/tenant.entity.js';

/** Every entity, listed explicitly (no folder scanning). */
export const entities = [
  BaseEntity,
  TenantEntity,
  Money,
  Organization,
  User,
  Membership,
  FeatureFlag,
  SubscriptionPlan,
  Subscription,
  PersonalToken,
  PasswordResetToken,
  Invitation,
  Supplier,
  Product,
  ProductVariant,
  SupplierOffer,
  PriceChange,
  Warehouse,
  StockLevel,
  StockMovement,
  Account,
  Contact,
  Lead,
  Pipeline,
  PipelineStage,
  Opportunity,
  OpportunityLine,
  OpportunityContactRole,
  OpportunityStageChange,
  Activity,
  RecordChange,
  SalesOrder,
  OrderLine,
  Shipment,
  ShipmentLine,
  Invoice,
  InvoiceLine,
  Payment,
  DocumentSequence,
  IdempotencyKey,
  Conversation,
  AssistantMessage,
  AssistantUsageDay,
];

/** Entities scoped by organization: the tenant filter applies to these, and each table has an RLS policy. */
export const tenantEntities = entities.filter((entity) => entity !== TenantEntity && entity.prototype instanceof TenantEntity);
