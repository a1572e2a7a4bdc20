// A contrast check run inside the page (passed to page.evaluate, so it carries its own types).
/**
 * Runs in the page: every visible element with its own text whose colour against the first opaque
 * background behind it is below 4.5:1 (WCAG AA for normal text), as `text (ratio)`.
 */
export function contrastProblems(): string[] {
  interface Styled { readonly color: string; readonly backgroundColor: string; readonly visibility: string; readonly display: string }
  interface Node { readonly nodeType: number; readonly textContent: string | null }
  interface Element extends Node { readonly parentElement: Element | null; readonly childNodes: ArrayLike<Node>; getClientRects(): ArrayLike<unknown> }
  const page = globalThis as unknown as { document: { querySelectorAll(selector: string): ArrayLike<Element> }; getComputedStyle(element: Element): Styled };
  const rgb = (text: string): number[] => (text.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r = 0, g = 0, b = 0]: number[]): number => {
    const channel = (value: number): number => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const problems: string[] = [];
  for (const element of Array.from(page.document.querySelectorAll('body *'))) {
    const ownText = Array.from(element.childNodes).some((child) => child.nodeType === 3 && (child.textContent ?? '').trim() !== '');
    if (!ownText || element.getClientRects().length === 0) continue;
    const style = page.getComputedStyle(element);
    if (style.visibility === 'hidden') continue;
    let background: number[] = [255, 255, 255];
    for (let at: Element | null = element; at !== null; at = at.parentElement) {
      const colour = rgb(page.getComputedStyle(at).backgroundColor);
      if (colour.length === 3 || (colour.length === 4 && colour[3] === 1)) {
        background = colour.slice(0, 3);
        break;
      }
    }
    const [lighter, darker] = [luminance(rgb(style.color)), luminance(background)].sort((a, b) => b - a) as [number, number];
    const ratio = (lighter + 0.05) / (darker + 0.05);
    if (ratio < 4.5) problems.push(`${(element.textContent ?? '').trim().slice(0, 40)} (${ratio.toFixed(2)})`);
  }
  return problems;
}
