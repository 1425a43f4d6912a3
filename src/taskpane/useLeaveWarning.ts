/**
 * The page outside Excel keeps its results only in memory: leaving or reloading it while a scored
 * workbook has not been downloaded (or a run is under way) would lose that work without a word.
 */
import { useEffect } from "react";

/**
 * While `active`, the browser asks before the page is left or reloaded (its own prompt: browsers
 * no longer show a page's text there). No listener otherwise, so an idle page leaves silently and
 * stays eligible for the back/forward cache.
 */
export function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Browsers before the standard's preventDefault (Chrome and Edge before 119) asked only when
      // returnValue was set to something non-empty.
      event.returnValue = true;
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [active]);
}
