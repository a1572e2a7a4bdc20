// The playground page: reads the editors, asks the server for the explanation as the user types
// (the server runs explainMatch itself, so the page never judges a match), renders the answer,
// keeps the state in the URL fragment, and drives the event builder and the stored-action picker.
import type { FixtureAnswer, PlaygroundAnswer } from '../protocol.js';
import { renderAnswer, type PageElements } from './render.js';
import { decodeState, encodeState, type SharedState } from './share-state.js';
import { viewAnswer } from './view-model.js';

/** Time after the last keystroke before asking: one request per pause, not per key. */
const TYPING_PAUSE_MS = 150;

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as T;
}

const page: PageElements = {
  actionText: byId('action-text'),
  eventText: byId('event-text'),
  actionProblem: byId('action-problem'),
  eventProblem: byId('event-problem'),
  nowInput: byId('now'),
  nowProblem: byId('now-problem'),
  verdict: byId('verdict'),
  summary: byId('summary'),
  compileError: byId('compile-error'),
  steps: byId('steps'),
  warnings: byId('warnings'),
  disassembly: byId('disassembly'),
  hogvm: byId('hogvm'),
  asText: byId('as-text'),
};

const result = byId('result');

// Answers can arrive out of order; only the newest request's answer is shown.
let latestRequest = 0;
let pending: ReturnType<typeof setTimeout> | undefined;
let keepFragment = false;

function currentState(): SharedState {
  return { action: page.actionText.value, event: page.eventText.value, now: page.nowInput.value.trim() };
}

async function explainNow(): Promise<void> {
  const state = currentState();
  const request = ++latestRequest;
  setBusy(true);
  const remembered = rememberState(state, request);
  let answer: PlaygroundAnswer;
  try {
    const response = await fetch('/playground/api/explain', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: state.action, event: state.event, now: state.now }),
    });
    if (!response.ok) {
      // The server refused the request (a text too large): its message says why.
      const detail = ((await response.json().catch(() => ({}))) as { detail?: unknown }).detail;
      showFailure(`No answer: the server answered ${response.status}${typeof detail === 'string' ? `: ${detail}` : ''}`, request);
      return;
    }
    answer = (await response.json()) as PlaygroundAnswer;
  } catch (caught) {
    showFailure(`No answer: the playground server cannot be reached (${caught instanceof Error ? caught.message : String(caught)})`, request);
    return;
  }
  if (request !== latestRequest) return;
  renderAnswer(page, viewAnswer(answer, state.action, state.event));
  // Not idle before the link in the address bar is this state's too.
  await remembered;
  if (request !== latestRequest) return;
  // A keystroke while this answer was on its way has scheduled another: still busy then.
  if (pending === undefined) setBusy(false);
}

function showFailure(message: string, request: number): void {
  if (request !== latestRequest) return;
  page.verdict.dataset['verdict'] = 'error';
  page.verdict.textContent = message;
  setBusy(false);
}

/** The explanation is marked busy from the first keystroke until the newest answer is shown. */
function setBusy(busy: boolean): void {
  result.setAttribute('aria-busy', String(busy));
}

function scheduleExplain(): void {
  keepFragment = false;
  shareStatus.textContent = '';
  setBusy(true);
  clearTimeout(pending);
  pending = setTimeout(() => {
    pending = undefined;
    void explainNow();
  }, TYPING_PAUSE_MS);
}

/** Writes the state into the fragment, replacing the history entry (typing is not navigation). */
async function rememberState(state: SharedState, request: number): Promise<void> {
  // A link that could not be read stays in the address bar until the user changes something.
  if (keepFragment) return;
  const fragment = await encodeState(state);
  if (request !== latestRequest) return;
  if (location.hash !== fragment) history.replaceState(null, '', fragment);
  shareLink.value = location.href;
}

async function loadFragment(): Promise<void> {
  const state = await decodeState(location.hash);
  if (state instanceof Error) {
    keepFragment = true;
    shareStatus.textContent = state.message;
    return;
  }
  if (state !== null) {
    page.actionText.value = state.action;
    page.eventText.value = state.event;
    page.nowInput.value = state.now;
  }
}

// The shareable link: shown in a read-only field, and copied by the button where allowed.
const shareStatus = byId('share-status');
const shareLink = document.createElement('input');
shareLink.id = 'share-link';
shareLink.readOnly = true;
shareLink.size = 40;
shareLink.setAttribute('aria-label', 'Shareable link');
byId('share').insertAdjacentElement('beforebegin', shareLink);
byId('share').addEventListener('click', () => {
  void (async () => {
    keepFragment = false;
    await rememberState(currentState(), latestRequest);
    shareLink.value = location.href;
    try {
      await navigator.clipboard.writeText(location.href);
      shareStatus.textContent = 'Link copied.';
    } catch {
      shareLink.select();
      shareStatus.textContent = 'Copying is not allowed here: the link is selected, copy it with the keyboard.';
    }
  })();
});

for (const input of [page.actionText, page.eventText, page.nowInput]) input.addEventListener('input', scheduleExplain);
// Another shared link pasted into this tab's address bar.
window.addEventListener('hashchange', () => {
  void decodeState(location.hash).then((state) => {
    if (state instanceof Error) {
      keepFragment = true;
      shareStatus.textContent = state.message;
      return;
    }
    if (state === null) return;
    const current = currentState();
    if (state.action === current.action && state.event === current.event && state.now === current.now) return;
    void loadFragment().then(explainNow);
  });
});

setUpBuilder();
if (document.body.dataset['storedActions'] === 'true') setUpStoredActions();
void loadFragment().then(explainNow);

/** The event builder: shows the fields of the chosen kind and asks the server to build the event. */
function setUpBuilder(): void {
  const kind = byId<HTMLSelectElement>('fixture-kind');
  const problem = byId('fixture-problem');
  const fields = ['url', 'path', 'text', 'href', 'name', 'properties'];
  const showFields = (): void => {
    for (const row of document.querySelectorAll<HTMLElement>('[data-kinds]')) row.hidden = !(row.dataset['kinds'] ?? '').split(' ').includes(kind.value);
  };
  kind.addEventListener('change', showFields);
  showFields();
  byId('fixture-build').addEventListener('click', () => {
    void (async () => {
      const request: Record<string, string> = { kind: kind.value };
      for (const field of fields) {
        const input = byId<HTMLInputElement>(`fixture-${field}`);
        input.removeAttribute('aria-invalid');
        if (!input.closest<HTMLElement>('.row')?.hidden) request[field] = input.value;
      }
      let answer: FixtureAnswer;
      try {
        const response = await fetch('/playground/api/fixture', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
        answer = (await response.json()) as FixtureAnswer;
      } catch (caught) {
        problem.textContent = `The event could not be built: ${caught instanceof Error ? caught.message : String(caught)}`;
        return;
      }
      if (!answer.ok) {
        problem.textContent = answer.message;
        document.getElementById(`fixture-${answer.field}`)?.setAttribute('aria-invalid', 'true');
        return;
      }
      problem.textContent = '';
      page.eventText.value = JSON.stringify(answer.event, null, 2);
      scheduleExplain();
    })();
  });
}

/** The stored-action picker: lists a project's actions through this server's Actions API. */
function setUpStoredActions(): void {
  const list = byId<HTMLSelectElement>('stored-list');
  const status = byId('stored-status');
  const loaded = new Map<string, unknown>();
  byId('stored-load').addEventListener('click', () => {
    void (async () => {
      const project = byId<HTMLInputElement>('stored-project').value.trim() || '@current';
      const key = byId<HTMLInputElement>('stored-key').value.trim();
      if (!/^(?:\d{1,15}|@current)$/.test(project)) {
        status.textContent = `The project must be a project id (a number) or @current, not ${JSON.stringify(project)}.`;
        return;
      }
      status.textContent = 'Loading…';
      loaded.clear();
      let next: string | null = `/api/projects/${project}/actions/?limit=100`;
      try {
        // Follow the list's pages, on this origin only, up to a thousand actions.
        for (let pageCount = 0; next !== null && pageCount < 10; pageCount++) {
          const response: Response = await fetch(next, { headers: key === '' ? {} : { Authorization: `Bearer ${key}` } });
          const body = (await response.json()) as { results?: unknown[]; next?: string | null; detail?: string };
          if (!response.ok) throw new Error(body.detail ?? `the server answered ${response.status}`);
          for (const action of body.results ?? []) loaded.set(String((action as { id?: unknown }).id), action);
          next = typeof body.next === 'string' && new URL(body.next, location.href).origin === location.origin ? body.next : null;
        }
      } catch (caught) {
        status.textContent = `The actions could not be listed: ${caught instanceof Error ? caught.message : String(caught)}`;
        return;
      }
      // By name, as people look for them; the id leads each line, as in PostHog's list.
      const labelled = [...loaded].map(([id, action]) => ({ id, name: String((action as { name?: unknown }).name ?? '(no name)') }));
      labelled.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      list.replaceChildren(new Option(`(choose one of ${loaded.size} actions)`, ''), ...labelled.map(({ id, name }) => new Option(`${id}: ${name}`, id)));
      list.disabled = loaded.size === 0;
      status.textContent = `${loaded.size} actions in project ${project}.`;
    })();
  });
  list.addEventListener('change', () => {
    const action = loaded.get(list.value);
    if (action === undefined) return;
    page.actionText.value = JSON.stringify(action, null, 2);
    scheduleExplain();
  });
}
