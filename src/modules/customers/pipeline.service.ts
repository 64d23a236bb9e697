import { ForeignKeyConstraintViolationException, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { InputCheck } from '../../shared/input-check.js';
import { flushUnique, inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import type {
  AddPipelineStageInput,
  CreatePipelineInput,
  PipelineStageInput,
  UpdatePipelineInput,
  UpdatePipelineStageInput,
} from './dto/pipeline-inputs.dto.js';
import { Opportunity, OpportunityStageChange } from './opportunity.entity.js';
import { Pipeline, PipelineStage } from './pipeline.entity.js';
import { findRecord } from '../../shared/find-record.js';
import type { Actor } from './record-input.js';

const MAX_STAGES = 30;

export const findPipeline = (em: EntityManager, id: string) => findRecord(em, Pipeline, 'Pipeline', id, { includeDeleted: true });
export const findStage = (em: EntityManager, id: string) => findRecord(em, PipelineStage, 'PipelineStage', id, { includeDeleted: true, lock: true });

/** The organization's default pipeline (a database trigger creates one with every organization). */
export const defaultPipeline = (em: EntityManager) => em.findOneOrFail(Pipeline, { isDefault: true });

export const stagesOf = (em: EntityManager, pipelineId: string) =>
  em.find(PipelineStage, { pipeline: pipelineId }, { orderBy: { position: 'asc', id: 'asc' } });

function checkStage(check: InputCheck, field: string, stage: Partial<PipelineStageInput>): void {
  if (stage.name !== undefined) check.text(`${field}.name`, stage.name, { max: 100 });
  if (stage.probability != null && (!Number.isInteger(stage.probability) || stage.probability < 0 || stage.probability > 100))
    check.fail(`${field}.probability`, UserErrorCode.INVALID, 'probability must be 0 to 100');
}

/** isWon implies isClosed; an explicit isClosed: false on a won stage is a contradiction. */
function stageFlags(check: InputCheck, field: string, isWon: boolean, isClosed: boolean): { isWon: boolean; isClosed: boolean } {
  if (isWon && !isClosed) check.fail(`${field}.isClosed`, UserErrorCode.INVALID, 'a won stage is also closed');
  return { isWon, isClosed: isClosed || isWon };
}

/** Makes `pipeline` the only default (the partial unique index allows one per organization). */
async function makeDefault(tx: EntityManager, pipeline: Pipeline): Promise<void> {
  // Lock the current default first, so two requests making different defaults take turns.
  await tx.find(Pipeline, { isDefault: true }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  await tx.nativeUpdate(Pipeline, { isDefault: true, id: { $ne: pipeline.id } }, { isDefault: false });
  pipeline.isDefault = true;
}

export function createPipeline(em: EntityManager, actor: Actor, input: CreatePipelineInput): Promise<Pipeline> {
  const check = new InputCheck();
  check.text('name', input.name, { max: 100 });
  if (input.stages.length === 0 || input.stages.length > MAX_STAGES)
    check.fail('stages', UserErrorCode.INVALID, `a pipeline has 1 to ${MAX_STAGES} stages`);
  const names = new Set<string>();
  const stages = input.stages.map((stage, i) => {
    checkStage(check, `stages.${i}`, stage);
    const name = stage.name.trim();
    if (names.has(name.toLowerCase())) check.fail(`stages.${i}.name`, UserErrorCode.ALREADY_EXISTS, `Two stages are called "${name}"`);
    names.add(name.toLowerCase());
    const isWon = stage.isWon ?? false;
    return { name, probability: stage.probability, position: i, ...stageFlags(check, `stages.${i}`, isWon, stage.isClosed ?? isWon) };
  });
  check.done();
  return inTransaction(em, async (tx) => {
    const pipeline = tx.create(Pipeline, { organization: actor.organizationId, name: input.name.trim(), isDefault: false });
    for (const stage of stages) tx.create(PipelineStage, { organization: actor.organizationId, pipeline, ...stage });
    await flushUnique(tx, 'name', `A pipeline called "${input.name.trim()}" exists`);
    if (input.isDefault) {
      await makeDefault(tx, pipeline);
      await tx.flush();
    }
    return pipeline;
  });
}

export function updatePipeline(em: EntityManager, input: UpdatePipelineInput): Promise<Pipeline> {
  return inTransaction(em, async (tx) => {
    const pipeline = await findPipeline(tx, input.id);
    const check = new InputCheck();
    if (input.name != null) check.text('name', input.name, { max: 100 });
    if (input.isDefault === false && pipeline.isDefault)
      check.fail('isDefault', UserErrorCode.INVALID, 'Make another pipeline the default instead: there is always one');
    check.done();
    if (input.name != null) pipeline.name = input.name.trim();
    if (input.isDefault && !pipeline.isDefault) await makeDefault(tx, pipeline);
    await flushUnique(tx, 'name', `A pipeline called "${input.name?.trim()}" exists`);
    return pipeline;
  });
}

/** Deletes a pipeline no opportunity uses; the default pipeline stays. */
export function deletePipeline(em: EntityManager, id: string): Promise<Pipeline> {
  return inTransaction(em, async (tx) => {
    const pipeline = await findRecord(tx, Pipeline, 'Pipeline', id, { includeDeleted: true, lock: true });
    if (pipeline.isDefault) throw PayloadError.of(UserErrorCode.IN_USE, 'id', 'The default pipeline cannot be deleted');
    const inHistory = await tx.count(OpportunityStageChange, { $or: [{ fromStage: { pipeline: id } }, { toStage: { pipeline: id } }] });
    if (inHistory || (await tx.count(Opportunity, { pipeline: id })))
      throw PayloadError.of(UserErrorCode.IN_USE, 'id', 'Opportunities are or were in this pipeline');
    await removeInUse(async () => {
      await tx.nativeDelete(PipelineStage, { pipeline: id });
      tx.remove(pipeline);
      await tx.flush();
    });
    return pipeline;
  });
}

/** Runs a delete; an opportunity that started using the record meanwhile makes it IN_USE, not a failure. */
async function removeInUse(remove: () => Promise<void>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (error instanceof ForeignKeyConstraintViolationException) throw PayloadError.of(UserErrorCode.IN_USE, 'id', 'Opportunities use it');
    throw error;
  }
}

/** Renumbers the stages 0..n-1 in the given order. */
function renumber(stages: PipelineStage[]): void {
  stages.forEach((stage, i) => {
    stage.position = i;
  });
}

export function addPipelineStage(em: EntityManager, actor: Actor, input: AddPipelineStageInput): Promise<PipelineStage> {
  return inTransaction(em, async (tx) => {
    const pipeline = await findPipeline(tx, input.pipelineId);
    const stages = await stagesOf(tx, pipeline.id);
    const check = new InputCheck();
    checkStage(check, 'input', input);
    if (stages.length >= MAX_STAGES) check.fail('pipelineId', UserErrorCode.INVALID, `a pipeline has at most ${MAX_STAGES} stages`);
    const isWon = input.isWon ?? false;
    const flags = stageFlags(check, 'input', isWon, input.isClosed ?? isWon);
    check.done();
    const stage = tx.create(PipelineStage, {
      organization: actor.organizationId,
      pipeline,
      name: input.name.trim(),
      probability: input.probability,
      position: stages.length,
      ...flags,
    });
    const at = Math.min(Math.max(input.position ?? stages.length, 0), stages.length);
    stages.splice(at, 0, stage);
    renumber(stages);
    await flushUnique(tx, 'name', `The pipeline has a stage called "${input.name.trim()}"`);
    return stage;
  });
}

export function updatePipelineStage(em: EntityManager, input: UpdatePipelineStageInput): Promise<PipelineStage> {
  return inTransaction(em, async (tx) => {
    const stage = await findStage(tx, input.id);
    const check = new InputCheck();
    checkStage(check, 'input', { name: input.name ?? undefined, probability: input.probability ?? undefined });
    const isWon = input.isWon ?? stage.isWon;
    const flags = stageFlags(check, 'input', isWon, input.isClosed ?? (input.isWon ? true : stage.isClosed));
    // Opportunities in the stage took their status from these flags: changing them would strand them.
    if ((flags.isWon !== stage.isWon || flags.isClosed !== stage.isClosed) && (await tx.count(Opportunity, { stage: stage.id })))
      check.fail('isClosed', UserErrorCode.IN_USE, 'Opportunities are in this stage: move them before changing whether it wins or closes');
    check.done();
    if (input.name != null) stage.name = input.name.trim();
    if (input.probability != null) stage.probability = input.probability;
    Object.assign(stage, flags);
    if (input.position != null) {
      const stages = (await stagesOf(tx, stage.pipeline.id)).filter((s) => s.id !== stage.id);
      stages.splice(Math.min(Math.max(input.position, 0), stages.length), 0, stage);
      renumber(stages);
    }
    await flushUnique(tx, 'name', `The pipeline has a stage called "${input.name?.trim()}"`);
    return stage;
  });
}

/** Deletes a stage no opportunity is in or has been in (history keeps its stages); a pipeline keeps at least one. */
export function deletePipelineStage(em: EntityManager, id: string): Promise<PipelineStage> {
  return inTransaction(em, async (tx) => {
    const stage = await findStage(tx, id);
    const stages = await stagesOf(tx, stage.pipeline.id);
    if (stages.length === 1) throw PayloadError.of(UserErrorCode.IN_USE, 'id', 'A pipeline keeps at least one stage');
    const used =
      (await tx.count(Opportunity, { stage: id })) + (await tx.count(OpportunityStageChange, { $or: [{ fromStage: id }, { toStage: id }] }));
    if (used) throw PayloadError.of(UserErrorCode.IN_USE, 'id', 'Opportunities are or were in this stage');
    renumber(stages.filter((s) => s.id !== id));
    await removeInUse(async () => {
      tx.remove(stage);
      await tx.flush();
    });
    return stage;
  });
}
