import { useEffect } from "react";

/** The browser tab says which page this is ("Explore · ToC editor"). */
export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ToC editor` : "ToC editor";
  }, [title]);
}
