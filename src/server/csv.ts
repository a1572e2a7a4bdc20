// `format=csv`: each action flattened to dotted columns (`steps.0.event`, `created_by.email`),
// the header sorted, values written as Python's csv module writes them (PostHog renders CSV with
// rest_framework_csv): None empty, booleans True/False, minimal quoting, CRLF line ends.

/** Adds the leaves of `value` to `row` under dotted names. Empty objects and arrays add nothing. */
function flatten(value: unknown, prefix: string, row: Map<string, string>): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, prefix === '' ? String(index) : `${prefix}.${index}`, row));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix === '' ? key : `${prefix}.${key}`, row);
  } else {
    row.set(prefix, formatScalar(value));
  }
}

function formatScalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** The CSV text of `rows`: a sorted header of every column any row has, then one line per row. */
export function toCsv(rows: readonly unknown[]): string {
  if (rows.length === 0) return '';
  const flattened = rows.map((row) => {
    const cells = new Map<string, string>();
    flatten(row, '', cells);
    return cells;
  });
  const header = [...new Set(flattened.flatMap((cells) => [...cells.keys()]))].sort();
  const lines = [header.map(quote).join(',')];
  for (const cells of flattened) lines.push(header.map((column) => quote(cells.get(column) ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}
