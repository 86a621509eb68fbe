/**
 * On a ToC's results page (issue 14): where its results on shared indicators flow
 * (`share_results`): nobody, the frameworks' maintainers, or all members as anonymous figures,
 * each choice with what it means. Owners choose (it applies at once; "Nobody" withdraws at
 * once); the organisation's other members read the choice. Shown when some indicator of the
 * ToC (at the head of its default branch) reports to a shared indicator, or while something
 * is still shared (so it can be withdrawn); a ToC outside any framework does not see it.
 */
import { useEffect, useId, useMemo, useState } from "react";
import { Link } from "react-router";
import { CONSENT_CHOICES, consentDone, CONSENTS, frameworksReportedTo, isConsent, type Consent } from "../../model";
import { api } from "../../sync";
import { errorText } from "../common/errors";
import { graphPath } from "../common/paths";
import { useToast } from "../shell/toasts";
import type { TocData } from "./TocPage";

/** Each framework's title, when the reader may read it. */
function useTitles(keys: readonly string[]): Record<string, string> {
  const [titles, setTitles] = useState<Record<string, string>>({});
  const joined = keys.join(" ");
  useEffect(() => {
    let live = true;
    const list = joined ? joined.split(" ") : [];
    void Promise.all(
      list.map(async (k) => {
        const [org, graph] = k.split("/") as [string, string];
        return [k, await api.graph(org, graph).then((g) => g.title, () => "")] as const;
      }),
    ).then((pairs) => live && setTitles(Object.fromEntries(pairs.filter(([, t]) => t))));
    return () => {
      live = false;
    };
  }, [joined]);
  return titles;
}

export function ShareResults({ data, onChange }: { data: TocData; onChange: (consent: Consent) => void }) {
  const toast = useToast();
  const id = useId();
  const frameworks = useMemo(() => frameworksReportedTo(data.doc), [data.doc]);
  const titles = useTitles(frameworks.map((f) => f.framework));
  const [busy, setBusy] = useState(false);
  // The choice shows at once; the server's answer confirms it, or it goes back.
  const [choice, setChoice] = useState<Consent | null>(null);
  const stored = data.info.share_results;
  if (!isConsent(stored)) return null; // not a member of its organisation: not told
  if (!frameworks.length && stored === "none") return null;
  const owner = data.role === "owner";
  const current = choice ?? stored;
  const choose = async (next: Consent) => {
    if (next === current || busy) return;
    setBusy(true);
    setChoice(next);
    try {
      const g = await api.setShareResults(data.org, data.graph, next);
      onChange(isConsent(g.share_results) ? g.share_results : next);
      toast(consentDone(next));
    } catch (err) {
      toast(`Not changed: ${errorText(err)}`, "error", 8000);
    } finally {
      setChoice(null);
      setBusy(false);
    }
  };
  return (
    <section className="share-results" aria-labelledby={`${id}-h`} data-testid="share-results" data-consent={current}>
      <h2 id={`${id}-h`}>Shared measurement</h2>
      {frameworks.length ? (
        <ul className="plain share-frameworks">
          {frameworks.map((f) => (
            <li key={f.framework} data-testid="share-framework">
              {f.indicators.length === 1 ? `“${f.indicators[0]!.name}” reports` : `${f.indicators.length} indicators report`} to{" "}
              <strong>{titles[f.framework] ?? f.framework}</strong>.{" "}
              <Link to={`${graphPath(f.org, f.graph)}/sector`} data-testid="share-sector-link">
                See its sector dashboard
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="small">No indicator reports to a shared indicator any more; choose “Nobody” to stop sharing what was reported before.</p>
      )}
      <fieldset disabled={!owner || busy} aria-describedby={`${id}-note`}>
        <legend>Share results on shared indicators with</legend>
        {CONSENTS.map((c) => (
          <label key={c} className="share-choice">
            <input
              type="radio"
              name={`${id}-consent`}
              value={c}
              checked={current === c}
              data-testid={`share-${c}`}
              aria-describedby={`${id}-${c}`}
              onChange={() => void choose(c)}
            />
            <span>
              <span className="share-label">{CONSENT_CHOICES[c].label}</span>
              <span className="hint share-meaning" id={`${id}-${c}`}>
                {CONSENT_CHOICES[c].meaning}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="hint" id={`${id}-note`}>
        {owner ? "You can change this at any time. " : "Your organisation’s owners choose this. "}
        Nothing is copied to the frameworks: they read your results when someone looks, so choosing “Nobody” stops them showing your data at once.
      </p>
    </section>
  );
}
