/** The application shell: session, header, hash router. */
import { Api, ApiError, type Me, type User } from "../sync/api";
import { h, replace, toast } from "./dom";
import { renderSignIn, renderSignUp } from "./pages/auth";
import { renderHome, renderOrg } from "./pages/orgs";
import { EditorPage } from "./pages/editor";
import { renderProposal } from "./pages/proposal";
import { renderMergePage } from "./pages/merge";

export interface Route {
  path: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, "") || "/";
  const [p, q] = raw.split("?", 2) as [string, string | undefined];
  return { path: p.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q ?? "") };
}

export function go(path: string): void {
  if (location.hash === `#${path}`) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = path;
}

/** Something the current page must clean up (timers, canvas) before the next one. */
export interface Page {
  destroy(): void;
  /** Return false to keep the page (e.g. unsaved changes the user wants to keep). */
  canLeave?(): boolean;
}

export class App {
  readonly api = new Api();
  user: User | null = null;
  me: Me | null = null;
  private page: Page | null = null;
  readonly header: HTMLElement;
  readonly main: HTMLElement;

  constructor(readonly root: HTMLElement) {
    this.header = h("header", { class: "topbar" });
    this.main = h("main", { id: "main", tabindex: "-1" });
    replace(
      root,
      h(
        "button",
        { class: "skip-link", onclick: () => this.main.focus() },
        "Skip to content",
      ),
      this.header,
      this.main,
    );
    this.api.onUnauthorized = () => {
      this.user = null;
      this.me = null;
      toast("Your session has ended. Please sign in again.", "error");
      this.renderHeader();
      go(`/signin?next=${encodeURIComponent(location.hash.slice(1))}`);
    };
    window.addEventListener("hashchange", () => void this.route());
    window.addEventListener("beforeunload", (ev) => {
      if (this.page?.canLeave && !this.page.canLeave()) {
        ev.preventDefault();
      }
    });
  }

  async start(): Promise<void> {
    try {
      this.user = await this.api.session();
      if (this.user) await this.refreshMe();
    } catch (err) {
      replace(this.main, h("div", { class: "page narrow" }, h("h1", null, "Cannot reach the server"), h("p", { role: "alert" }, String((err as Error).message))));
      return;
    }
    this.renderHeader();
    await this.route();
  }

  async refreshMe(): Promise<void> {
    try {
      this.me = await this.api.me();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.me = { ...(this.user as User), orgs: [] };
    }
  }

  renderHeader(): void {
    const signedIn = !!this.user;
    replace(
      this.header,
      h("a", { class: "brand", href: "#/" }, h("span", { class: "logo", "aria-hidden": "true" }, "◆"), "Theory of Change"),
      h(
        "nav",
        { "aria-label": "Main" },
        signedIn && this.me
          ? [
              ...this.me.orgs.slice(0, 3).map((o) => h("a", { href: `#/orgs/${encodeURIComponent(o.slug)}` }, o.name)),
              this.me.orgs.length > 3 ? h("a", { href: "#/" }, `All organisations (${this.me.orgs.length})`) : null,
            ]
          : null,
      ),
      h(
        "div",
        { class: "user" },
        signedIn
          ? [
              h("span", { "data-testid": "current-user" }, this.user!.username),
              h(
                "button",
                {
                  class: "btn small",
                  "data-testid": "sign-out",
                  onclick: async () => {
                    if (this.page?.canLeave && !this.page.canLeave()) {
                      toast("Wait until your changes are saved before signing out.", "error");
                      return;
                    }
                    await this.api.signOut().catch(() => undefined);
                    this.user = null;
                    this.me = null;
                    this.renderHeader();
                    go("/signin");
                  },
                },
                "Sign out",
              ),
            ]
          : [h("a", { href: "#/signin" }, "Sign in"), h("a", { href: "#/signup" }, "Sign up")],
      ),
    );
  }

  async signedIn(user: User, next?: string | null): Promise<void> {
    this.user = user;
    await this.refreshMe();
    this.renderHeader();
    go(next && next.startsWith("/") ? next : "/");
  }

  async route(): Promise<void> {
    const r = parseHash(location.hash);
    this.page?.destroy();
    this.page = null;
    const [first, ...rest] = r.path;
    const needAuth = first !== "signin" && first !== "signup";
    if (needAuth && !this.user && first !== "g") {
      go(`/signin${r.path.length ? `?next=${encodeURIComponent(location.hash.slice(1))}` : ""}`);
      return;
    }
    try {
      if (first === "signin") renderSignIn(this, this.main, r.query.get("next"));
      else if (first === "signup") renderSignUp(this, this.main);
      else if (!first) await renderHome(this, this.main);
      else if (first === "orgs" && rest[0]) await renderOrg(this, this.main, rest[0]);
      else if (first === "g" && rest[0] && rest[1]) {
        const [org, graph, sub, arg] = rest as [string, string, string?, string?];
        if (sub === "proposals" && arg) this.page = await renderProposal(this, this.main, org, graph, Number(arg));
        else if (sub === "merge") this.page = await renderMergePage(this, this.main, org, graph, r.query);
        else {
          const p = new EditorPage(this, this.main, org, graph, r.query);
          this.page = p;
          await p.load();
        }
      } else replace(this.main, h("div", { class: "page narrow" }, h("h1", null, "Page not found"), h("p", null, h("a", { href: "#/" }, "Go to the start page"))));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      replace(
        this.main,
        h(
          "div",
          { class: "page narrow" },
          h("h1", null, err instanceof ApiError && err.status === 404 ? "Not found" : "Something went wrong"),
          h("p", { role: "alert", "data-testid": "page-error" }, (err as Error).message),
          h("p", null, h("a", { href: "#/" }, "Go to the start page")),
        ),
      );
    }
    document.title = `${this.main.querySelector("h1")?.textContent ?? "Theory of Change"} · ToC editor`;
  }
}
