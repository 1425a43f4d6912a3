/**
 * Where the pane is running: inside Excel or not, in which language and theme.
 * Kept free of React so that the entry can decide what to load before rendering anything heavy.
 */
import type { Lang } from "../engine/types";

export type ThemeMode = "light" | "dark";

export type HostInfo =
  | { inExcel: true; lang: Lang; theme: ThemeMode }
  /** `reason` tells the user why: Office.js not loaded at all, or loaded in a plain browser / another host. */
  | {
      inExcel: false;
      lang: Lang;
      theme: ThemeMode;
      reason: "no-office" | "no-host" | "other-host";
      host?: string;
    };

/** zh, zh-CN, zh-TW, zh-Hans… → zh; everything else (including unknown) → en. */
export function langFromTag(tag: string | null | undefined): Lang {
  return typeof tag === "string" && /^zh\b/i.test(tag.trim()) ? "zh" : "en";
}

/** Relative luminance (WCAG) of "#RRGGBB" / "#RGB"; null when the text is not such a colour. */
export function luminance(color: string | null | undefined): number | null {
  if (typeof color !== "string") return null;
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const hex =
    m[1].length === 3
      ? m[1]
          .split("")
          .map((c) => c + c)
          .join("")
      : m[1];
  const channel = (i: number): number => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** Dark when the Office body background is dark; light when unknown (Office's default themes are light). */
export function themeFromBackground(color: string | null | undefined): ThemeMode {
  const l = luminance(color);
  return l !== null && l < 0.3 ? "dark" : "light";
}

/** The parts of the Office global the pane reads; declared narrowly so tests can hand in a plain object. */
export interface OfficeLike {
  onReady(): Promise<{ host: unknown; platform: unknown }>;
  context?: {
    displayLanguage?: string;
    officeTheme?: { bodyBackgroundColor?: string };
  };
}

export interface DetectOptions {
  /** The Office global, or undefined when office.js did not load (offline, blocked, plain file). */
  office: OfficeLike | undefined;
  /** navigator.language, used only outside Office. */
  browserLanguage?: string;
  /** How long to wait for Office.onReady before concluding that there is no host (ms). */
  timeoutMs?: number;
}

export async function detectHost({
  office,
  browserLanguage,
  timeoutMs = 10000,
}: DetectOptions): Promise<HostInfo> {
  const browserLang = langFromTag(browserLanguage);
  if (!office || typeof office.onReady !== "function") {
    return { inExcel: false, lang: browserLang, theme: "light", reason: "no-office" };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Office.onReady resolves with host null in a plain browser; the timeout only guards against a host that never answers.
  const timeout = new Promise<{ host: unknown }>((resolve) => {
    timer = setTimeout(() => resolve({ host: null }), timeoutMs);
  });
  let info: { host: unknown };
  try {
    info = await Promise.race([office.onReady(), timeout]);
  } catch {
    info = { host: null };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
  const context = office.context;
  const lang = context?.displayLanguage ? langFromTag(context.displayLanguage) : browserLang;
  const theme = themeFromBackground(context?.officeTheme?.bodyBackgroundColor);
  if (info.host === null || info.host === undefined)
    return { inExcel: false, lang, theme, reason: "no-host" };
  if (info.host !== "Excel")
    return { inExcel: false, lang, theme, reason: "other-host", host: String(info.host) };
  return { inExcel: true, lang, theme };
}
