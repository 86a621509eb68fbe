/** The application shell: session, header, hash router. */
import { Api, ApiError, type Me, type User } from "../sync/api";
import { errorText, h, replace, toast } from "./dom";
import { renderSignIn, renderSignUp } from "./pages/auth";
import { renderHome, renderOrg } from "./pages/orgs";
import { EditorPage } from "./pages/editor";
import { renderProposal } from "./pages/proposal";
import { renderMergePage } from "./pages/merge";
import { renderAccount } from "./pages/account";

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
  /** Resolves once nothing is left unsaved; rejects when that cannot happen (conflict, error). */
  settle?(): Promise<void>;
}

/** How long leaving a page waits for its pending edits to be saved. */
export const LEAVE_WAIT_MS = 5000;

export class App {
  readonly api = new Api();
  user: User | null = null;
  me: Me | null = null;
  private page: Page | null = null;
  /** Set while putting that hash back, so the router does not open the page again. */
  private restoringHash = false;
  private routeSeq = 0;
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
    window.addEventListener("hashchange", (ev) => void this.route(ev.oldURL));
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
              h("a", { href: "#/account", "data-testid": "account-link" }, "Account"),
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
                    try {
                      await this.api.signOut();
                    } catch (err) {
                      // The session may still be open: say so rather than pretend.
                      toast(`Could not sign out: ${errorText(err)}`, "error", 8000);
                      return;
                    }
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

  /**
   * Save the current page's pending edits before leaving it. When they cannot be saved
   * (a conflict, an error, or still offline after LEAVE_WAIT_MS), stay: the address goes
   * back to the page and a message says why. Returns whether to go on.
   */
  private async leaveCurrentPage(from: string): Promise<boolean> {
    const page = this.page;
    if (!page?.settle || !page.canLeave || page.canLeave()) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        page.settle(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("the server cannot be reached")), LEAVE_WAIT_MS);
        }),
      ]);
      return true;
    } catch (err) {
      if (this.page === page && from && location.hash !== from) {
        this.restoringHash = true;
        location.hash = from;
      }
      toast(`You are still here: your changes are not saved yet (${errorText(err)}).`, "error", 8000);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Open the page for the current address; ``oldURL`` is where the user came from. */
  async route(oldURL = ""): Promise<void> {
    if (this.restoringHash) {
      this.restoringHash = false;
      return;
    }
    const seq = ++this.routeSeq;
    const from = oldURL.includes("#") ? oldURL.slice(oldURL.indexOf("#")) : "";
    if (!(await this.leaveCurrentPage(from)) || seq !== this.routeSeq) return;
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
      else if (first === "account" && !rest.length) this.page = await renderAccount(this, this.main);
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
