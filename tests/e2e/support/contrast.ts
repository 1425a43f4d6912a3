/**
 * Text whose colour is too close to its background, found in the page: every visible text node,
 * its computed colour against the nearest opaque background behind it (walking up the tree), by
 * the WCAG contrast ratio. Disabled controls are exempt, as WCAG allows.
 * Runs in the browser (passed to page.evaluate), so it uses nothing from its module scope.
 */
export function lowContrastText(minimum: number): string[] {
  function luminance(css: string): number {
    const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function background(start: Element | null): string {
    for (let el = start; el; el = el.parentElement) {
      const colour = getComputedStyle(el).backgroundColor;
      const alpha = /rgba\([^)]*,\s*([\d.]+)\)/.exec(colour);
      if (colour && colour !== "transparent" && (!alpha || Number(alpha[1]) >= 0.99)) return colour;
    }
    return getComputedStyle(document.documentElement).backgroundColor || "rgb(255, 255, 255)";
  }
  const found: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    const el = node.parentElement;
    if (!text || !el || !el.checkVisibility()) continue;
    if (el.closest("[disabled], [aria-disabled=true]")) continue;
    const fg = luminance(getComputedStyle(el).color);
    const bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < minimum)
      found.push(
        `${ratio.toFixed(2)}:1 ${getComputedStyle(el).color} on ${background(el)} — ${text.slice(0, 40)}`,
      );
  }
  return found;
}
