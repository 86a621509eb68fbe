import { useEffect, useState, type RefObject } from "react";

/**
 * The width of an element in pixels, followed as it changes (80 ms after the last resize):
 * what a chart is drawn at. 0 until it is laid out.
 *
 * @example
 * const holder = useRef<HTMLDivElement>(null);
 * const width = useWidth(holder); // draw the chart `width` wide
 */
export function useWidth(el: RefObject<HTMLElement | null>): number {
  const [w, setW] = useState(0);
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    setW(node.clientWidth);
    if (typeof ResizeObserver === "undefined") return;
    let t: ReturnType<typeof setTimeout> | undefined;
    const ro = new ResizeObserver(() => {
      clearTimeout(t);
      t = setTimeout(() => setW(node.clientWidth), 80);
    });
    ro.observe(node);
    return () => {
      clearTimeout(t);
      ro.disconnect();
    };
  }, [el]);
  return w;
}
