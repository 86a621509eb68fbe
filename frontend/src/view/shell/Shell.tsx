/** The frame of every page: skip link, header (brand, explore, organisations, account), content. */
import { useRef } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { errorText } from "../common/errors";
import { useAuth } from "./auth";
import { useToast } from "./toasts";

function Header() {
  const { user, me, signOut } = useAuth();
  const navigate = useNavigate();
  const toast = useToast();
  const orgs = me?.orgs ?? [];
  return (
    <header className="topbar">
      <Link className="brand" to="/" aria-label="Theory of Change: start page">
        <span className="logo" aria-hidden="true">◆</span>
        <span className="brand-text">Theory of Change</span>
      </Link>
      <nav aria-label="Main">
        <NavLink to="/explore">Explore</NavLink>
        {orgs.slice(0, 2).map((o) => (
          <NavLink key={o.slug} to={`/${o.slug}`} className="nav-org">
            {o.name}
          </NavLink>
        ))}
        {orgs.length > 2 ? <NavLink to="/">All organisations ({orgs.length})</NavLink> : null}
      </nav>
      <div className="user">
        {user ? (
          <>
            <Link to="/account" data-testid="account-link" aria-label={`Account of ${user.username}`}>
              <span data-testid="current-user">{user.username}</span>
            </Link>
            <button
              type="button"
              className="btn small"
              data-testid="sign-out"
              onClick={async () => {
                try {
                  await signOut();
                  void navigate("/");
                } catch (err) {
                  toast(`Could not sign out: ${errorText(err)}`, "error", 8000);
                }
              }}
            >
              Sign out
            </button>
          </>
        ) : user === null ? (
          <>
            <Link to="/signin">Sign in</Link>
            <Link to="/signup" className="btn small primary">
              Sign up
            </Link>
          </>
        ) : null}
      </div>
    </header>
  );
}

export function Shell() {
  const { user, startError } = useAuth();
  const main = useRef<HTMLElement>(null);
  const loc = useLocation();
  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(ev) => {
          ev.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <Header />
      <main id="main" ref={main} tabIndex={-1} data-path={loc.pathname}>
        {startError ? (
          <div className="page narrow">
            <h1>Cannot reach the server</h1>
            <p role="alert">{startError}</p>
          </div>
        ) : user === undefined ? (
          <p className="page muted" aria-busy="true">
            Loading…
          </p>
        ) : (
          <Outlet />
        )}
      </main>
    </>
  );
}
