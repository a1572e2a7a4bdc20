// actionmatch: compile PostHog actions to matcher bytecode and match events against them.
// This is the whole public API; everything else is internal. `import` receives it through
// import.ts (which waits for the HogQL parser); `require` receives this module as it is.

export type {
  Action,
  ActionPayload,
  ActionStep,
  ActionListResponse,
  PropertyFilter,
  PropertyFilterType,
  PropertyFilterValue,
  PropertyOperator,
  PropertyValueScalar,
  EventPropertyFilter,
  PersonPropertyFilter,
  GroupPropertyFilter,
  ElementTestFilter,
  ElementValueFilter,
  HogQLPropertyFilter,
  StringMatching,
} from './action/types.js';
export { defineAction } from './action/define-action.js';
export { loadActions, type LoadedActions, type LoadOptions, type LoadProblem } from './action/load-actions.js';
export { hogqlReady } from './hogql/parser.js';
export { compileAction, type CompileResult, type CompileOptions } from './compile/compile-action.js';
export { DEFAULT_LIMITS, type Limits } from './compile/limits.js';
export { MAX_CHAIN_LENGTH } from './event/event-context.js';
export type { CompileErrorCode, CompileErrorInfo, CompileWarning, CompileWarningCode } from './compile/errors.js';
export { createMatcher, type Matcher, type MatcherOptions, type ActionError } from './matcher/create-matcher.js';
export { disassemble } from './bytecode/disassemble.js';
export { BytecodeError, FORMAT_VERSION, type Bytecode } from './bytecode/format.js';
export { describeEventProblem } from './event/event-context.js';
export { toHogBytecode, type HogBytecodeResult, type HogBytecodeOptions, type HogBytecode } from './hogvm/to-hog-bytecode.js';
export { syncActions, type SyncResult } from './sync/sync-actions.js';
export type { SyncOptions } from './sync/sync-options.js';
export { SyncError, type SyncErrorCode } from './sync/sync-error.js';
export { DEFAULT_RETRY, type RetryOptions } from './sync/retry.js';
export type { RetryNotice } from './sync/request-json.js';
export { watchActions, type WatchOptions, type WatchUpdate, type ActionWatcher } from './sync/watch-actions.js';
export type { ActionSource, SourceActions, SourceChange, SourceWatchOptions, SourceWatcher } from './source/action-source.js';
export { openPosthogSource, type PosthogSourceOptions } from './source/posthog-postgres-source.js';
export { watchActionSource, type WatchSourceOptions } from './source/watch-source.js';
export { explainMatch, type ExplainOptions } from './explain/explain-match.js';
export { formatExplanation, type FormatOptions } from './explain/format-explanation.js';
export type { MatchExplanation, StepExplanation, ConditionExplanation, ConditionKind, ConditionOutcome, StepOutcome } from './explain/trace.js';
export { pageview, autocapture, customEvent, type FixtureEvent, type EventOverrides, type AutocaptureOptions } from './testing/fixtures.js';
export {
  formatWebhookMessage,
  buildWebhookPayload,
  DEFAULT_MESSAGE_FORMAT,
  DEFAULT_DISPLAY_NAME_PROPERTIES,
  type WebhookContext,
  type WebhookEvent,
  type WebhookGroup,
  type WebhookRequest,
} from './notify/webhook-message.js';
export { destinationFromAction, describeMigrateProblem, convertMessageFormat, renderDestinationRequest, type Destination } from './notify/destination.js';
