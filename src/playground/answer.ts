// The playground's one question, answered on the server: the texts in the two editors, read as
// JSON, explained by explainMatch itself (so the page's verdict is the engine's, never a second
// reading of the rules), with everything the page shows beside it: where a JSON or compile
// error is in the text, the disassembly of our program and PostHog's HogVM bytecode.
import { findJsonErrorOffset, shortJsonMessage } from '../action/json-position.js';
import { disassemble } from '../bytecode/disassemble.js';
import { compileAction } from '../compile/compile-action.js';
import { explainMatch } from '../explain/explain-match.js';
import { formatExplanation } from '../explain/format-explanation.js';
import { toHogBytecode } from '../hogvm/to-hog-bytecode.js';
import { locatePath, spanOf } from './locate-path.js';
import type { LocatedProblem, PlaygroundAnswer, PlaygroundRequest, ReadText } from './protocol.js';

/** Longest editor text the playground reads, in characters: a pasted action list stays well inside. */
export const MAX_TEXT_LENGTH = 1_000_000;

/**
 * Explains `request.event` against `request.action` exactly as `explainMatch` does, after
 * reading both texts as JSON. Never throws: unreadable input is part of the answer.
 */
export function answerPlayground(request: PlaygroundRequest): PlaygroundAnswer {
  const now = readNow(request.now);
  // One clock reading for everything in the answer, as explainMatch reads its clock once.
  const nowMs = now.ok ? now.value : Date.now();
  const actionText = typeof request.action === 'string' ? request.action : '';
  const action = readJsonText(request.action, 'action');
  const event = readJsonText(request.event, 'event');
  const actionValue = action.ok ? action.value : undefined;
  const explanation = action.ok && event.ok && now.ok ? explainMatch(action.value, event.value, { now: () => nowMs }) : null;
  const locations: Record<string, LocatedProblem['at']> = {};
  if (explanation !== null) {
    for (const step of explanation.steps) for (const condition of step.conditions) locations[condition.path] = locatePath(actionText, condition.path);
  }
  const compiled = action.ok ? compileAction(actionValue) : null;
  const problems = compiled === null ? [] : [...(compiled.error === null ? [] : [compiled.error]), ...compiled.warnings];
  return {
    action: describeRead(action),
    event: describeRead(event),
    now: now.ok ? { ok: true, value: new Date(nowMs).toISOString() } : { ok: false, message: now.message },
    explanation,
    text: explanation === null ? null : formatExplanation(explanation),
    problems: problems.map((problem) => ({ code: problem.code, path: problem.path, message: problem.message, at: problem.path === '' ? null : locatePath(actionText, problem.path) })),
    locations,
    disassembly: compiled?.bytecode ? describeProgram(compiled.bytecode) : null,
    hogvm: action.ok ? toHogBytecode(actionValue, { now: nowMs }) : null,
  };
}

type Read = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: ReadText & { ok: false } };

/** Parses one editor's text, naming the editor and where the JSON goes wrong. */
function readJsonText(text: unknown, name: 'action' | 'event'): Read {
  const fail = (message: string, at: ReturnType<typeof spanOf> | null = null): Read => ({ ok: false, problem: { ok: false, message, at } });
  if (typeof text !== 'string') return fail(`the ${name} must be sent as a string of JSON text`);
  if (text.length > MAX_TEXT_LENGTH) return fail(`the ${name} text is ${text.length} characters long; the playground reads at most ${MAX_TEXT_LENGTH}`);
  if (text.trim() === '') return fail(`the ${name} is empty: write it as a JSON object`);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (caught) {
    const message = shortJsonMessage(caught instanceof Error ? caught.message : String(caught));
    const offset = findJsonErrorOffset(text);
    if (offset < 0) return fail(`the ${name} is not valid JSON: ${message}`);
    const at = spanOf(text, offset, Math.min(text.length, offset + 1));
    return fail(`the ${name} is not valid JSON at ${at.line}:${at.column}: ${message}`, at);
  }
}

function describeRead(read: Read): ReadText {
  return read.ok ? { ok: true } : read.problem;
}

type Now = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

/** The evaluation time: absent or empty means the server's clock; otherwise an ISO 8601 date-time. */
function readNow(value: unknown): Now {
  if (value === undefined || value === null || value === '') return { ok: true, value: Date.now() };
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) return { ok: false, message: `the evaluation time must be an ISO 8601 date-time like 2025-01-15T12:00:00Z, got ${JSON.stringify(value)}` };
  return { ok: true, value: parsed };
}

function describeProgram(bytecode: unknown): string {
  try {
    return disassemble(bytecode);
  } catch (caught) {
    // compileAction's own output always decodes; say so plainly if it ever does not.
    return `(the program does not disassemble: ${caught instanceof Error ? caught.message : String(caught)})`;
  }
}
