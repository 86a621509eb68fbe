/**
 * The organisation page's Portfolios card (issue 14): the portfolios that invited this
 * organisation (its owners accept or decline) and those it belongs to (its owners may leave,
 * after confirming). Shown to the organisation's members when there is something to show.
 */
import { useState } from "react";
import { Link } from "react-router";
import { statusLine, type PortfolioEntry } from "../../model";
import { api, ApiError, type Org } from "../../sync";
import { useConfirm } from "../common/ConfirmDialog";
import { errorText } from "../common/errors";
import { FormError } from "../common/fields";
import { useLoad } from "../common/useLoad";
import { When } from "./MembersTable";
import "./portfolio.css";

export function OrgPortfolios({ org }: { org: Org }) {
  const owner = org.your_role === "owner";
  const loaded = useLoad(
    () => api.portfolios(org.slug).catch((err) => (err instanceof ApiError && (err.status === 403 || err.status === 401) ? [] : Promise.reject(err))),
    [org.slug],
  );
  const [dialog, confirm] = useConfirm();
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const entries = loaded.data ?? [];
  const invited = entries.filter((e) => e.status === "invited");
  const active = entries.filter((e) => e.status === "active");
  if (loaded.error) return <FormError text={`The portfolios could not be loaded: ${errorText(loaded.error)}`} />;
  if (!invited.length && !active.length && !status) return null;

  const answer = async (e: PortfolioEntry, how: "accept" | "decline" | "leave") => {
    if (how === "leave") {
      const ok = await confirm({
        title: `Leave ${e.name}'s portfolio?`,
        body: `From now on ${e.name} sees nothing of ${org.name}'s theories of change but what anyone may. It can invite ${org.name} again later.`,
        confirm: "Leave the portfolio",
        danger: true,
      });
      if (!ok) return;
    }
    setBusy(e.org);
    setError("");
    setStatus("");
    try {
      await api.answerPortfolio(org.slug, e.org, how);
      await loaded.reload();
      setStatus(
        how === "accept"
          ? `${org.name} is now in ${e.name}'s portfolio.`
          : how === "decline"
            ? `You declined ${e.name}'s invitation.`
            : `${org.name} left ${e.name}'s portfolio.`,
      );
    } catch (err) {
      setError(errorText(err));
      await loaded.reload();
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card portfolios-card" aria-labelledby="portfolios-title" data-testid="org-portfolios">
      <h2 id="portfolios-title">Portfolios</h2>
      <div role="status" className="ok-text status-line" data-testid="org-portfolios-status">
        {status}
      </div>
      <FormError text={error} testid="org-portfolios-error" />
      {invited.length ? (
        <>
          <ul className="portfolio-entries" aria-label="Invitations">
            {invited.map((e) => (
              <li key={e.org} className="portfolio-entry" data-testid="portfolio-invitation" data-org={e.org}>
                <div>
                  <p>
                    <Link to={`/${encodeURIComponent(e.org)}`}>{e.name}</Link> invites {org.name} into its portfolio.
                  </p>
                  <p className="small muted">{statusLine(e)}</p>
                  {e.note ? <p className="small note">“{e.note}”</p> : null}
                </div>
                {owner ? (
                  <div className="row">
                    <button type="button" className="btn small primary" disabled={busy === e.org} onClick={() => void answer(e, "accept")} aria-label={`Accept ${e.name}'s invitation`} data-testid="portfolio-accept">
                      Accept
                    </button>
                    <button type="button" className="btn small" disabled={busy === e.org} onClick={() => void answer(e, "decline")} aria-label={`Decline ${e.name}'s invitation`} data-testid="portfolio-decline">
                      Decline
                    </button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          <p className="hint">
            Accepting lets the portfolio's owners and editors see the figures of {org.name}'s theories of change, private ones included:
            their titles, versions, quality checks counted, data completeness and the shared outcomes they link. Never their content or
            results.
          </p>
        </>
      ) : null}
      {active.length ? (
        <ul className="portfolio-entries" aria-label="Portfolios it belongs to">
          {active.map((e) => (
            <li key={e.org} className="portfolio-entry" data-testid="portfolio-membership" data-org={e.org}>
              <div>
                <p>
                  In the portfolio of <Link to={`/${encodeURIComponent(e.org)}`}>{e.name}</Link>
                </p>
                <p className="small muted">
                  Joined <When at={e.answered_at} empty="" />
                </p>
              </div>
              {owner ? (
                <button type="button" className="btn small danger" disabled={busy === e.org} onClick={() => void answer(e, "leave")} aria-label={`Leave ${e.name}'s portfolio`} data-testid="portfolio-leave">
                  Leave
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {!owner && (invited.length || active.length) ? <p className="small muted">Only owners of {org.name} can answer invitations or leave a portfolio.</p> : null}
      {dialog}
    </section>
  );
}
