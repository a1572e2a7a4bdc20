// Puts an AnswerView on the page. Text is only ever set as text (never as HTML): the action and
// the event are the user's, and so is everything the explanation quotes from them.
import type { AnswerView, ConditionView, LocatedView, StepView } from './view-model.js';
import type { TextSpan } from '../protocol.js';

/** What the page's elements are, looked up once. */
export interface PageElements {
  readonly actionText: HTMLTextAreaElement;
  readonly eventText: HTMLTextAreaElement;
  readonly actionProblem: HTMLElement;
  readonly eventProblem: HTMLElement;
  readonly nowInput: HTMLInputElement;
  readonly nowProblem: HTMLElement;
  readonly verdict: HTMLElement;
  readonly summary: HTMLElement;
  readonly compileError: HTMLElement;
  readonly steps: HTMLElement;
  readonly warnings: HTMLElement;
  readonly disassembly: HTMLElement;
  readonly hogvm: HTMLElement;
  readonly asText: HTMLElement;
}

/** Selects `span` in `editor` and scrolls it into view, so the keyboard is where the problem is. */
export function selectSpan(editor: HTMLTextAreaElement, span: TextSpan): void {
  editor.focus();
  editor.setSelectionRange(span.start, Math.max(span.end, span.start));
  // Textareas scroll to the caret only on some browsers; put the line near the top.
  const lineHeight = Number.parseFloat(getComputedStyle(editor).lineHeight) || 18;
  editor.scrollTop = Math.max(0, (span.line - 3) * lineHeight);
}

/** Renders `view` into the page. */
export function renderAnswer(page: PageElements, view: AnswerView): void {
  page.verdict.dataset['verdict'] = view.verdict.state;
  page.verdict.textContent = view.verdict.text;
  page.summary.textContent = view.summary;
  renderProblem(page.actionProblem, view.actionProblem, page.actionText);
  renderProblem(page.eventProblem, view.eventProblem, page.eventText);
  page.nowProblem.textContent = view.nowProblem ?? '';
  page.nowInput.setAttribute('aria-invalid', String(view.nowProblem !== null));
  page.actionText.setAttribute('aria-invalid', String(view.actionProblem !== null || view.compileError !== null));
  page.eventText.setAttribute('aria-invalid', String(view.eventProblem !== null));
  page.compileError.hidden = view.compileError === null;
  page.compileError.replaceChildren(...(view.compileError === null ? [] : [locatedBlock('Compile error', view.compileError, page.actionText)]));
  page.steps.replaceChildren(...view.steps.map((step) => renderStep(step, page.actionText)));
  page.warnings.replaceChildren(...view.warnings.map((warning) => locatedBlock('Warning', warning, page.actionText)));
  page.disassembly.textContent = view.disassembly;
  page.hogvm.textContent = view.hogvm;
  page.asText.textContent = view.text;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function renderProblem(container: HTMLElement, problem: LocatedView | null, editor: HTMLTextAreaElement): void {
  container.replaceChildren(...(problem === null ? [] : [locatedBlock('Error', problem, editor)]));
}

/** A message, the line it points at with the place marked, and a button that selects it. */
function locatedBlock(title: string, problem: LocatedView, editor: HTMLTextAreaElement): HTMLElement {
  const block = element('div', { class: 'located', 'data-kind': title === 'Warning' ? 'warning' : 'error' }, element('p', {}, element('strong', {}, `${title}: `), problem.message));
  const { excerpt, at } = problem;
  if (excerpt !== null && at !== null) {
    block.append(
      element('p', { class: 'where' }, `line ${excerpt.line}, column ${excerpt.column}`),
      element('pre', { class: 'excerpt' }, excerpt.before, element('mark', {}, excerpt.marked), excerpt.after),
      button('Show in the editor', () => selectSpan(editor, at)),
    );
  }
  return block;
}

function button(label: string, onClick: () => void, attributes: Record<string, string> = {}): HTMLButtonElement {
  const node = element('button', { type: 'button', ...attributes }, label);
  node.addEventListener('click', onClick);
  return node;
}

function renderStep(step: StepView, editor: HTMLTextAreaElement): HTMLElement {
  const heading = element('h3', {}, element('span', { class: 'mark', 'aria-hidden': 'true' }, step.mark), ` ${step.title} `, element('span', { class: 'state' }, step.outcomeText));
  const item = element('li', { class: 'step', 'data-outcome': step.outcome, 'data-step': step.title }, heading);
  if (step.conditions.length === 0) {
    item.append(element('p', { class: 'empty' }, 'No conditions: every event.'));
    return item;
  }
  const head = element('thead', {}, element('tr', {}, ...['', 'Condition', 'Operator', 'Expected', 'Actual', 'Note'].map((text, index) => element('th', { scope: 'col', ...(index === 0 ? { class: 'mark-col' } : {}) }, index === 0 ? element('span', { class: 'sr-only' }, 'Outcome') : text))));
  const body = element('tbody', {}, ...step.conditions.map((condition) => renderCondition(condition, editor)));
  item.append(element('table', { class: 'conditions' }, element('caption', { class: 'sr-only' }, `Conditions of ${step.title}`), head, body));
  return item;
}

function renderCondition(condition: ConditionView, editor: HTMLTextAreaElement): HTMLElement {
  const { at } = condition;
  const path = at === null ? element('code', {}, condition.path) : button(condition.path, () => selectSpan(editor, at), { class: 'path', title: 'Select it in the action editor' });
  const actual = condition.actual === '' ? element('span', { class: 'dim' }, '—') : element('span', {}, condition.kind === 'selector' ? element('span', { class: 'actual-label' }, `${condition.actualLabel}: `) : '', element('code', {}, condition.actual));
  const note = [condition.note ?? '', condition.firstFailure ? 'first failure' : ''].filter((text) => text !== '').join('; ');
  return element(
    'tr',
    { class: 'condition', 'data-outcome': condition.outcome, 'data-path': condition.path, 'data-kind': condition.kind, ...(condition.firstFailure ? { 'data-first-failure': 'true' } : {}) },
    element('td', { class: 'mark' }, element('span', { 'aria-hidden': 'true' }, condition.mark), element('span', { class: 'sr-only' }, condition.outcomeText)),
    element('td', {}, element('span', { class: 'label' }, condition.label), element('br'), path),
    element('td', {}, element('code', {}, condition.operator)),
    element('td', { class: 'expected' }, condition.expected === '' ? element('span', { class: 'dim' }, '—') : element('code', {}, condition.expected)),
    element('td', { class: 'actual' }, actual),
    element('td', { class: 'note' }, note),
  );
}
