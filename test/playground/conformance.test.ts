// The playground's answers are explainMatch's: every conformance case sent as the page sends it
// (the editors' JSON texts, POSTed to /playground/api/explain on a real loopback server) and
// read as the page reads it (viewAnswer), compared with explainMatch on the same case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainMatch } from '../../src/explain/explain-match.js';
import { viewAnswer } from '../../src/playground/client/view-model.js';
import type { PlaygroundAnswer } from '../../src/playground/protocol.js';
import { startPlayground, type RunningPlayground } from '../../src/playground/start-playground.js';
import { CONFORMANCE_NOW, loadCases } from '../conformance/load-cases.js';

const files = ['core.jsonl', 'operators.jsonl', 'elements.jsonl', 'elements-matrix.jsonl', 'hogql.jsonl'];
const cases = files.flatMap((file) => loadCases(file).map((testCase) => ({ ...testCase, file })));
const now = new Date(CONFORMANCE_NOW).toISOString();

let playground: RunningPlayground;
beforeAll(async () => {
  playground = await startPlayground({ port: 0 });
});
afterAll(async () => {
  await playground?.close();
});

async function ask(action: string, event: string): Promise<PlaygroundAnswer> {
  const response = await fetch(new URL('/playground/api/explain', playground.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action, event, now }) });
  expect(response.status).toBe(200);
  return (await response.json()) as PlaygroundAnswer;
}

describe('the playground answers as explainMatch on the conformance cases', () => {
  it.each(cases.map((testCase) => [`${testCase.file}: ${testCase.name}`, testCase] as const))('%s', async (_name, testCase) => {
    // Written as a person would paste them: indented JSON.
    const actionText = JSON.stringify(testCase.action, null, 2);
    const eventText = JSON.stringify(testCase.event, null, 2);
    const answer = await ask(actionText, eventText);
    const expected = explainMatch(testCase.action, testCase.event, { now: () => CONFORMANCE_NOW });
    // JSON on both sides: the answer crossed the wire, explainMatch's did not.
    expect(answer.explanation).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected.matched).toBe(testCase.expected);

    const view = viewAnswer(answer, actionText, eventText);
    expect(view.verdict.matched).toBe(expected.matched);
    expect(view.verdict.state).toBe(expected.bytecode_error !== null || expected.eventProblem !== null ? 'error' : expected.matched ? 'match' : 'no_match');
    expect(view.steps.map((step) => [step.title, step.outcome, step.conditions.map((condition) => [condition.path, condition.outcome])])).toEqual(
      expected.steps.map((step) => [`steps[${step.index}]`, step.outcome, step.conditions.map((condition) => [condition.path, condition.outcome])]),
    );
    // Every explained condition is found in the action text, exactly.
    for (const step of view.steps) for (const condition of step.conditions) expect(condition.at?.exact, condition.path).toBe(true);
    // A compile error with a path is pointed at in the action text.
    if (expected.error !== null && expected.error.path !== '') expect(view.compileError?.at, expected.error.path).not.toBeNull();
  });
});
