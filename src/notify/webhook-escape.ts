// Escaping and link syntax for the two kinds of incoming webhook: Slack (mrkdwn, `<url|name>`
// links) and everything else (Markdown, `[name](url)` links). Kept apart from the token
// resolver so the rules can be read and tested on their own.

/** Which flavour of message a webhook URL receives. */
export type WebhookKind = 'slack' | 'other';

/**
 * PostHog's rule: any URL containing `slack.com` (case-insensitive) is a Slack webhook. The
 * migration to a destination tests for `slack` instead (destinationFromAction), as PostHog's does.
 */
export function detectWebhookKind(url: string): WebhookKind {
  return url.toLowerCase().includes('slack.com') ? 'slack' : 'other';
}

/**
 * A value as message text: strings as they are, `undefined` as the word `undefined`, anything
 * else (numbers, booleans, null, objects, arrays) as JSON.
 */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    // JSON.stringify returns undefined for functions and symbols, which events never carry.
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    // Cycles and BigInts cannot come from JSON input; say so rather than throw.
    return 'undefined';
  }
}

/** Slack's three reserved characters (api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const MARKDOWN_CHARACTERS = new Set(['\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '!']);
const LINE_START_CHARACTERS = new Set(['#', '-', '+']);

/**
 * Markdown escaping as PostHog does it: `#`, `-`, `+` only at the start of a line (where they
 * would start a heading or a list), the inline characters everywhere else. The first character
 * of a value counts as a line start, so a value that begins with `[` keeps it unescaped.
 */
export function escapeMarkdown(text: string): string {
  let escaped = '';
  let atLineStart = true;
  for (const character of text) {
    const special = atLineStart ? LINE_START_CHARACTERS.has(character) : MARKDOWN_CHARACTERS.has(character);
    escaped += special ? `\\${character}` : character;
    atLineStart = character === '\n' || character === '\r';
  }
  return escaped;
}

/** A value escaped for the webhook's flavour; the same text goes to plain and rich output. */
export function escapeFor(kind: WebhookKind, value: unknown): string {
  const text = stringifyValue(value);
  return kind === 'slack' ? escapeSlack(text) : escapeMarkdown(text);
}

/** A named link: `[plain name, rich link]` in the webhook's flavour. */
export function linkFor(kind: WebhookKind, name: unknown, url: string): [string, string] {
  const text = stringifyValue(name);
  if (kind === 'slack') {
    const escapedName = escapeSlack(text);
    return [escapedName, `<${escapeSlack(url)}|${escapedName}>`];
  }
  const escapedName = escapeMarkdown(text);
  return [escapedName, `[${escapedName}](${escapeMarkdown(url)})`];
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * encodeURIComponent for a link segment that never throws: a lone surrogate (which makes
 * encodeURIComponent throw URIError) is encoded as U+FFFD instead.
 */
export function encodeLinkPart(value: unknown): string {
  return encodeURIComponent(stringifyValue(value).replace(LONE_SURROGATE, '\uFFFD'));
}
