// actionmatch: compile PostHog actions to matcher bytecode and match events against them.
// This is the whole public API; everything else is internal.

export type { Action, ActionStep, PropertyFilter, PropertyFilterValue, StringMatching, ActionListResponse } from './action/types.js';
export { loadActions, type LoadedActions, type LoadOptions, type LoadProblem } from './action/load-actions.js';
export { compileAction, type CompileResult, type CompileOptions } from './compile/compile-action.js';
export { DEFAULT_LIMITS, type Limits } from './compile/limits.js';
export { MAX_CHAIN_LENGTH } from './event/event-context.js';
export type { CompileErrorCode, CompileErrorInfo, CompileWarning, CompileWarningCode } from './compile/errors.js';
export { createMatcher, type Matcher, type MatcherOptions, type ActionError } from './matcher/create-matcher.js';
export { disassemble } from './bytecode/disassemble.js';
export { BytecodeError, FORMAT_VERSION, type Bytecode } from './bytecode/format.js';
export { describeEventProblem } from './event/event-context.js';
export { toHogBytecode, type HogBytecodeResult, type HogBytecodeOptions, type HogBytecode } from './hogvm/to-hog-bytecode.js';
