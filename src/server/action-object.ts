// The API object of an action: what a create starts from, how an update merges into it, and
// the compile on every save that fills `bytecode_error`. Field order follows PostHog's
// ActionSerializer, so responses read like PostHog's.
import { compileAction } from '../compile/compile-action.js';
import type { StoredAction } from '../store/action-store.js';
import type { ActionInput } from './action-input.js';

export interface NewActionContext {
  readonly id: number;
  readonly projectId: number;
  readonly user: Readonly<Record<string, unknown>>;
  /** The time of the write, ISO 8601. */
  readonly now: string;
}

/**
 * Recomputes `bytecode_error` with our compiler, as PostHog recompiles on every save. The
 * action is first taken through the JSON text the store keeps, so that what is compiled here,
 * answered and matched by the live matcher is exactly what every later read (a restart, another
 * process) gets back: an action's answers cannot change when it is reloaded.
 */
function withCompileResult(action: Record<string, unknown> & { id: number }): StoredAction {
  const stored = JSON.parse(JSON.stringify(action)) as StoredAction;
  const { bytecode_error: _previous, ...rest } = stored;
  const compiled = compileAction(rest);
  return { ...stored, bytecode_error: compiled.bytecode_error };
}

/** The full object of a new action from a validated create request. */
export function buildNewAction(input: ActionInput, context: NewActionContext): StoredAction {
  return withCompileResult({
    id: context.id,
    name: input.name ?? '',
    description: input.description ?? '',
    tags: input.tags ?? [],
    post_to_slack: input.post_to_slack ?? false,
    slack_message_format: input.slack_message_format ?? '',
    steps: input.steps ?? [],
    created_at: context.now,
    created_by: context.user,
    deleted: input.deleted ?? false,
    is_calculating: false,
    // PostHog's model defaults this to the creation time; nothing recalculates it here.
    last_calculated_at: context.now,
    team_id: context.projectId,
    is_action: true,
    bytecode_error: null,
    pinned_at: input.pinned_at ?? null,
    creation_context: null,
    // PostHog's access level of the requesting user; without access control, members edit.
    user_access_level: 'editor',
  });
}

/**
 * `current` with the fields `input` sets replaced (`steps` as a whole), recompiled. `pinned_at`
 * follows PostHog's update rule: pinning an unpinned action stamps the server's time (`now`),
 * whatever time was sent; pinning a pinned one keeps its time; null unpins.
 */
export function applyActionInput(current: StoredAction, input: ActionInput, now: string): StoredAction {
  const next: Record<string, unknown> & { id: number } = { ...current };
  for (const [field, value] of Object.entries(input)) {
    if (value !== undefined) next[field] = value;
  }
  if (typeof input.pinned_at === 'string') next['pinned_at'] = typeof current['pinned_at'] === 'string' ? current['pinned_at'] : now;
  return withCompileResult(next);
}

/** The name a live-name check must use, or null when the action is deleted (no check). */
export function liveName(action: StoredAction): string | null {
  return action['deleted'] === true || typeof action['name'] !== 'string' ? null : action['name'];
}
