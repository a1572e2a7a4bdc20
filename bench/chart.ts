// A small dependency-free SVG line chart of ns/event against the number of actions (log x),
// for the README.

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: ReadonlyArray<readonly [actions: number, nsPerEvent: number]>;
}

export function renderChart(series: readonly Series[], title: string): string {
  const width = 640;
  const height = 360;
  const left = 70;
  const right = 170;
  const top = 40;
  const bottom = 50;
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  const xMin = Math.log10(Math.min(...xs));
  const xMax = Math.log10(Math.max(...xs));
  const yMin = Math.floor(Math.log10(Math.max(1, Math.min(...ys))));
  const yMax = Math.ceil(Math.log10(Math.max(...ys)));
  const px = (x: number): number => left + ((Math.log10(x) - xMin) / Math.max(1e-9, xMax - xMin)) * (width - left - right);
  const py = (y: number): number => top + (1 - (Math.log10(Math.max(1, y)) - yMin) / Math.max(1e-9, yMax - yMin)) * (height - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${title}</text>`,
  ];
  for (let e = yMin; e <= yMax; e++) {
    const y = py(10 ** e);
    out.push(`<line x1="${left}" x2="${width - right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${formatNs(10 ** e)}</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    out.push(`<text x="${px(x)}" y="${height - bottom + 18}" text-anchor="middle">${x.toLocaleString('en-US')}</text>`);
  }
  out.push(`<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle">actions (log scale)</text>`);
  out.push(`<text transform="translate(16 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">time per event (log scale)</text>`);
  series.forEach((s, i) => {
    const path = s.points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const [x, y] of s.points) out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    out.push(`<rect x="${width - right + 12}" y="${top + i * 20}" width="12" height="3" fill="${s.color}"/>`);
    out.push(`<text x="${width - right + 30}" y="${top + i * 20 + 5}">${s.name}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function formatNs(ns: number): string {
  if (ns >= 1e6) return `${ns / 1e6} ms`;
  if (ns >= 1e3) return `${ns / 1e3} µs`;
  return `${ns} ns`;
}
