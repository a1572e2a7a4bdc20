// The playground's HTML: a static skeleton the page script fills in. Everything it needs is
// served from /playground/ itself (no fonts, no CDN), so it works without network access.

export interface PageOptions {
  /** Show the picker of stored actions (the server has an action store: `actionmatch serve`). */
  readonly storedActions: boolean;
}

const example = {
  action: JSON.stringify({ id: 1, name: 'Clicked buy', steps: [{ event: '$autocapture', selector: 'button.buy', text: 'Buy now' }, { event: '$pageview', url: '/checkout', url_matching: 'contains' }] }, null, 2),
  event: JSON.stringify({ event: '$autocapture', properties: { $current_url: 'https://shop.example/cart' }, elements_chain: 'button.buy.primary:nth-child="1"nth-of-type="1"text="Buy now";div.cart:nth-child="2"nth-of-type="1"' }, null, 2),
};

/** The page at /playground. */
export function renderPage(options: PageOptions): string {
  const stored = options.storedActions
    ? `
      <fieldset class="stored" id="stored">
        <legend>Stored actions</legend>
        <p class="hint">Read through this server's Actions API with a personal API key (kept in this tab only).</p>
        <div class="row">
          <label for="stored-project">Project</label>
          <input id="stored-project" value="@current" size="10" autocomplete="off">
          <label for="stored-key">API key</label>
          <input id="stored-key" type="password" size="24" autocomplete="off" spellcheck="false">
          <button type="button" id="stored-load">Load</button>
        </div>
        <div class="row">
          <label for="stored-list">Action</label>
          <select id="stored-list" disabled><option value="">(load the project's actions first)</option></select>
        </div>
        <p id="stored-status" class="hint" role="status"></p>
      </fieldset>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>actionmatch playground</title>
<link rel="stylesheet" href="/playground/app.css">
<script type="module" src="/playground/app.js"></script>
</head>
<body data-stored-actions="${options.storedActions ? 'true' : 'false'}">
<noscript><p class="noscript">The playground runs its page script from this server; allow JavaScript for this page to see explanations.</p></noscript>
<a class="skip" href="#result">Skip to the explanation</a>
<header>
  <h1>actionmatch playground</h1>
  <p>Why does an event match a PostHog action, or not? Edit either side; the explanation follows as you type.</p>
  <div class="share">
    <button type="button" id="share">Copy shareable link</button>
    <span id="share-status" role="status"></span>
  </div>
</header>
<main>
  <section class="inputs" aria-label="Inputs">
    <h2>Action</h2>${stored}
    <label for="action-text">Action JSON (an Actions API object)</label>
    <textarea id="action-text" spellcheck="false" rows="16" aria-describedby="action-problem">${escapeHtml(example.action)}</textarea>
    <div id="action-problem" class="problem" aria-live="polite"></div>

    <h2>Event</h2>
    <fieldset class="builder">
      <legend>Build an event</legend>
      <div class="row">
        <label for="fixture-kind">Kind</label>
        <select id="fixture-kind">
          <option value="pageview">pageview of a URL</option>
          <option value="autocapture">autocapture click</option>
          <option value="custom">custom event</option>
        </select>
      </div>
      <div class="row" data-kinds="pageview autocapture"><label for="fixture-url">URL</label><input id="fixture-url" value="https://shop.example/checkout" size="40"></div>
      <div class="row" data-kinds="autocapture"><label for="fixture-path">Element path</label><input id="fixture-path" value="div.cart > button.buy" size="40" spellcheck="false"></div>
      <div class="row" data-kinds="autocapture"><label for="fixture-text">Text</label><input id="fixture-text" value="Buy now" size="24"></div>
      <div class="row" data-kinds="autocapture"><label for="fixture-href">Link href</label><input id="fixture-href" size="32"></div>
      <div class="row" data-kinds="custom"><label for="fixture-name">Event name</label><input id="fixture-name" value="signed up" size="24"></div>
      <div class="row"><label for="fixture-properties">Properties (JSON)</label><input id="fixture-properties" size="40" spellcheck="false" placeholder='{"plan": "pro"}'></div>
      <div class="row"><button type="button" id="fixture-build">Replace the event with this one</button></div>
      <p id="fixture-problem" class="problem" aria-live="polite"></p>
    </fieldset>
    <label for="event-text">Event JSON</label>
    <textarea id="event-text" spellcheck="false" rows="12" aria-describedby="event-problem">${escapeHtml(example.event)}</textarea>
    <div id="event-problem" class="problem" aria-live="polite"></div>

    <div class="row">
      <label for="now">Evaluate at (ISO date-time; empty: now)</label>
      <input id="now" size="26" spellcheck="false" placeholder="e.g. 2025-01-15T12:00:00Z" aria-describedby="now-problem">
    </div>
    <p id="now-problem" class="problem" aria-live="polite"></p>
  </section>

  <section class="output" id="result" aria-label="Explanation" tabindex="-1" aria-busy="true">
    <h2>Explanation</h2>
    <div id="verdict" class="verdict" role="status" aria-live="polite" data-verdict="pending">Waiting for the first answer…</div>
    <p id="summary" class="summary"></p>
    <div id="compile-error" class="compile-error" hidden></div>
    <ol id="steps" class="steps"></ol>
    <div id="warnings"></div>
    <details>
      <summary>Disassembly (our program)</summary>
      <pre id="disassembly" tabindex="0"></pre>
    </details>
    <details>
      <summary>HogVM export (PostHog's bytecode)</summary>
      <pre id="hogvm" tabindex="0"></pre>
    </details>
    <details>
      <summary>As text (the <code>actionmatch explain</code> output)</summary>
      <pre id="as-text" tabindex="0"></pre>
    </details>
  </section>
</main>
</body>
</html>
`;
}

/** Text placed inside HTML: the five characters that could start markup, escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
