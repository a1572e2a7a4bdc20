// The `$elements` property posthog-js sends with autocapture events (one object per element,
// clicked one first: `tag_name`, `$el_text`, `attr__class`, `attr__id`, `attr__href`, every
// other DOM attribute as `attr__<name>`, `nth_child`, `nth_of_type`, and `classes`), turned into
// the elements chain the way PostHog's ingestion does before it stores the event
// (extractElements + elementsToString, nodejs/src/common/utils/elements-chain.ts):
// - text is `$el_text` cut to 400 UTF-16 units, href is `attr__href` cut to 2048; the id is
//   `attr__id`; classes are `attr__class` split on single spaces (an array is taken as it is);
//   `classes` itself is not read;
// - every `attr__*` key is also written as an attribute, so the chain carries `attr__class`,
//   `attr__href` and `attr__id` beside `href` and `attr_id`;
// - `text`, `href` and `attr_id` are written when truthy, `nth-child`/`nth-of-type` always (0 when
//   missing or null); keys are sorted with localeCompare, values written with String() and `"`
//   escaped; class names are sorted in JavaScript's default order and lose their quotes.
// Where PostHog's code would throw on a malformed element (a `$el_text` that is not a string, an
// attribute that is null), the value is left out or written as JavaScript prints it: never thrown.

/** The chain for posthog-js's `$elements`; '' when it is not a non-empty array. Never throws. */
export function serializeSdkElements(elements: unknown): string {
  if (!Array.isArray(elements)) return '';
  const parts: string[] = [];
  for (const element of elements) parts.push(serializeSdkElement(isRecord(element) ? element : {}));
  return parts.join(';');
}

function serializeSdkElement(element: Record<string, unknown>): string {
  let text = '';
  const tag = own(element, 'tag_name');
  if (isTruthy(tag)) text += String(tag);
  const classes = readClasses(own(element, 'attr__class'));
  if (classes !== null) for (const name of classes.sort()) text += '.' + name.replaceAll('"', '');
  const attributes = new Map<string, unknown>();
  const elementText = cut(own(element, '$el_text'), 400);
  if (isTruthy(elementText)) attributes.set('text', elementText);
  attributes.set('nth-child', own(element, 'nth_child') ?? 0);
  attributes.set('nth-of-type', own(element, 'nth_of_type') ?? 0);
  const href = cut(own(element, 'attr__href'), 2048);
  if (isTruthy(href)) attributes.set('href', href);
  const id = own(element, 'attr__id');
  if (isTruthy(id)) attributes.set('attr_id', id);
  for (const key of Object.keys(element)) if (key.startsWith('attr__')) attributes.set(key, element[key]);
  text += ':';
  for (const key of [...attributes.keys()].sort((a, b) => a.localeCompare(b))) {
    text += `${escapeQuotes(key)}="${escapeQuotes(String(attributes.get(key)))}"`;
  }
  return text;
}

/** PostHog's extractAttrClass: falsy → none, an array as it is, else the string split on ' '. */
function readClasses(value: unknown): string[] | null {
  if (!isTruthy(value)) return null;
  if (Array.isArray(value)) return value.map((name) => String(name));
  return String(value).split(' ');
}

/** `value?.slice(0, length)` for a string; anything else is left out (PostHog would throw or keep it). */
function cut(value: unknown, length: number): string | undefined {
  return typeof value === 'string' ? value.slice(0, length) : undefined;
}

function escapeQuotes(text: string): string {
  return text.replaceAll('"', '\\"');
}

/** JavaScript truthiness (PostHog's conditions here are JavaScript's). */
function isTruthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false && value !== 0 && value !== '' && !Number.isNaN(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
