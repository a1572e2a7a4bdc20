// Counts in messages, with the noun agreeing: "1 match", "2 matches".

/** `count` and the noun, singular for exactly 1. */
export function plural(count: number, singular: string, pluralForm: string = singular + 's'): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
