import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { type Connection, ConnectionArgs, connectionType, paginate } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { IdInput } from '../catalog/dto/catalog-inputs.dto.js';
import { AddPipelineStageInput, CreatePipelineInput, UpdatePipelineInput, UpdatePipelineStageInput } from './dto/pipeline-inputs.dto.js';
import { PipelinePayload, PipelineStagePayload } from './dto/customer-payloads.dto.js';
import { Pipeline, PipelineStage } from './pipeline.entity.js';
import {
  addPipelineStage,
  createPipeline,
  deletePipeline,
  deletePipelineStage,
  findPipeline,
  updatePipeline,
  updatePipelineStage,
} from './pipeline.service.js';
import { salesActor } from './customers-context.js';

export const PipelineConnection = connectionType(Pipeline);

@Resolver(() => Pipeline)
export class PipelineResolver {
  @Query(() => PipelineConnection, { description: 'The pipelines of the organization, the default first, then by name.' })
  pipelines(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<Connection<Pipeline>> {
    return paginate(ctx.em, Pipeline, {}, args, { isDefault: 'desc', name: 'asc', id: 'asc' });
  }

  @Query(() => Pipeline, { description: 'One pipeline (NOT_FOUND outside the organization).' })
  pipeline(@Arg('id', () => ID, { description: 'ID of the pipeline.' }) id: string, @Ctx() ctx: Context): Promise<Pipeline> {
    return findPipeline(ctx.em, id);
  }

  @Mutation(() => PipelinePayload, { nullable: true, description: 'Creates a pipeline with its stages. Owners and admins.' })
  createPipeline(@inputArg(CreatePipelineInput) input: CreatePipelineInput, @Ctx() ctx: Context): Promise<PipelinePayload> {
    return toPayload(async () => ({ pipeline: await createPipeline(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => PipelinePayload, { nullable: true, description: 'Renames a pipeline or makes it the default. Owners and admins.' })
  updatePipeline(@inputArg(UpdatePipelineInput) input: UpdatePipelineInput, @Ctx() ctx: Context): Promise<PipelinePayload> {
    return toPayload(async () => ({ pipeline: await updatePipeline(ctx.em, input) }));
  }

  @Mutation(() => PipelinePayload, { nullable: true, description: 'Deletes a pipeline no opportunity uses (not the default). Owners and admins.' })
  deletePipeline(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<PipelinePayload> {
    return toPayload(async () => ({ pipeline: await deletePipeline(ctx.em, input.id) }));
  }

  @Mutation(() => PipelineStagePayload, { nullable: true, description: 'Adds a stage to a pipeline. Owners and admins.' })
  addPipelineStage(@inputArg(AddPipelineStageInput) input: AddPipelineStageInput, @Ctx() ctx: Context): Promise<PipelineStagePayload> {
    return toPayload(async () => ({ stage: await addPipelineStage(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => PipelineStagePayload, { nullable: true, description: 'Changes or moves a stage. Owners and admins.' })
  updatePipelineStage(@inputArg(UpdatePipelineStageInput) input: UpdatePipelineStageInput, @Ctx() ctx: Context): Promise<PipelineStagePayload> {
    return toPayload(async () => ({ stage: await updatePipelineStage(ctx.em, input) }));
  }

  @Mutation(() => PipelineStagePayload, {
    nullable: true,
    description: 'Deletes a stage no opportunity is or was in (IN_USE otherwise). Owners and admins.',
  })
  deletePipelineStage(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context): Promise<PipelineStagePayload> {
    return toPayload(async () => ({ stage: await deletePipelineStage(ctx.em, input.id) }));
  }

  @FieldResolver(() => [PipelineStage], { description: 'Stages in order.' })
  stages(@Root() pipeline: Pipeline, @Ctx() ctx: Context): Promise<PipelineStage[]> {
    return ctx.loaders.stagesByPipelineId.load(pipeline.id);
  }
}

@Resolver(() => PipelineStage)
export class PipelineStageResolver {
  @FieldResolver(() => Pipeline, { description: 'The pipeline.' })
  async pipeline(@Root() stage: PipelineStage, @Ctx() ctx: Context): Promise<Pipeline> {
    return (await ctx.loaders.pipelineById.load(stage.pipeline.id))!;
  }
}
