/** The account page: change the password, sign out other browsers, make and revoke API tokens. */
import { ApiError, type ApiToken, type NewApiToken } from "../../sync/api";
import type { App, Page } from "../app";
import { confirmDialog, errorText, formatDate, h, replace, toast } from "../dom";
import { labelledField, showFieldErrors } from "../formfield";

/** How long a new token may live, in days, as offered in the form (the first is the default). */
export const TOKEN_LIFETIMES: { days: number; label: string }[] = [
  { days: 90, label: "90 days" },
  { days: 30, label: "30 days" },
  { days: 7, label: "7 days" },
  { days: 365, label: "1 year" },
];

/** When a token stops working, in words; ``expired`` once that time has passed. */
export function tokenExpiry(t: Pick<ApiToken, "expires_at">, now: Date = new Date()): { text: string; expired: boolean } {
  if (!t.expires_at) return { text: "Never", expired: false };
  const at = new Date(t.expires_at);
  if (Number.isNaN(at.getTime())) return { text: t.expires_at, expired: false };
  const expired = at.getTime() <= now.getTime();
  return { text: expired ? `Expired ${formatDate(t.expires_at)}` : formatDate(t.expires_at), expired };
}

export async function renderAccount(app: App, root: HTMLElement): Promise<Page> {
  const me = app.me;
  const tokensSection = h("section", { class: "card", "aria-labelledby": "tokens-title", "data-testid": "tokens-section" });
  replace(
    root,
    h(
      "div",
      { class: "page account-page", "data-testid": "account-page" },
      h("h1", null, "Your account"),
      h(
        "p",
        { class: "muted" },
        "Signed in as ",
        h("strong", null, app.user?.username ?? ""),
        me?.email ? ` (${me.email})` : "",
        ".",
      ),
      passwordSection(app),
      sessionsSection(app),
      tokensSection,
    ),
  );
  await renderTokens(app, tokensSection, null);
  return { destroy() {} };
}

function passwordSection(app: App): HTMLElement {
  const current = labelledField("Current password", "current-password", {
    type: "password",
    autocomplete: "current-password",
    required: true,
    "data-testid": "current-password",
  });
  const next = labelledField(
    "New password",
    "new-password",
    { type: "password", autocomplete: "new-password", required: true, minlength: 8, maxlength: 200, "data-testid": "new-password" },
    "At least 8 characters and hard to guess: three or four unrelated words you picked at random work well.",
  );
  const repeat = labelledField("Repeat the new password", "repeat-password", {
    type: "password",
    autocomplete: "new-password",
    required: true,
    "data-testid": "repeat-password",
  });
  const error = h("div", { class: "form-error", role: "alert", "data-testid": "password-error" });
  const done = h("p", { class: "ok-text", role: "status", "data-testid": "password-done" });
  const submit = h("button", { class: "btn primary", type: "submit", "data-testid": "password-submit" }, "Change password");
  const form = h(
    "form",
    { class: "form", "data-testid": "password-form" },
    current.root,
    next.root,
    repeat.root,
    error,
    submit,
    done,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    for (const f of [current, next, repeat]) f.setError("");
    error.textContent = "";
    done.textContent = "";
    if (next.input.value !== repeat.input.value) {
      repeat.setError("The two new passwords are not the same.");
      repeat.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      await app.api.changePassword(current.input.value, next.input.value);
      // The server may start this session afresh (a new CSRF token); pick it up.
      await app.api.session().catch(() => null);
      form.reset();
      done.textContent = "Your password is changed. Your other browsers are signed out.";
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403) && !showFieldErrors(err, { current_password: [current, "Current password"] })) {
        current.setError(err.message || "That is not your current password.");
        current.input.focus();
      } else if (!showFieldErrors(err, { current_password: [current, "Current password"], new_password: [next, "New password"] })) {
        error.textContent = errorText(err);
      }
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    "section",
    { class: "card", "aria-labelledby": "password-title" },
    h("h2", { id: "password-title" }, "Change your password"),
    h(
      "p",
      null,
      "Changing your password signs you out in all your other browsers. ",
      h("strong", null, "API tokens stay valid"),
      " until they expire or you revoke them below.",
    ),
    form,
  );
}

function sessionsSection(app: App): HTMLElement {
  const status = h("p", { role: "status", class: "ok-text", "data-testid": "sessions-done" });
  const button = h(
    "button",
    {
      class: "btn",
      type: "button",
      "data-testid": "sign-out-others",
      onclick: async () => {
        status.textContent = "";
        const ok = await confirmDialog(
          "Sign out your other browsers?",
          "Every other browser where you are signed in will have to sign in again. This browser stays signed in; API tokens keep working.",
          { confirm: "Sign them out" },
        );
        if (!ok) return;
        try {
          await app.api.signOutOtherSessions();
          await app.api.session().catch(() => null);
          status.textContent = "Your other browsers are signed out.";
        } catch (err) {
          toast(`Could not sign out your other browsers: ${errorText(err)}`, "error", 8000);
        }
      },
    },
    "Sign out my other browsers",
  );
  return h(
    "section",
    { class: "card", "aria-labelledby": "sessions-title" },
    h("h2", { id: "sessions-title" }, "Other browsers"),
    h("p", null, "Signed in on a shared or lost computer? Sign out everywhere except here."),
    button,
    status,
  );
}

async function renderTokens(app: App, section: HTMLElement, created: NewApiToken | null): Promise<void> {
  let tokens: ApiToken[] = [];
  let loadError = "";
  try {
    tokens = await app.api.tokens();
  } catch (err) {
    loadError = errorText(err);
  }
  const name = labelledField("Token name", "token-name", {
    required: true,
    maxlength: 100,
    placeholder: "e.g. Monthly report script",
    "data-testid": "token-name",
  });
  const lifetime = h(
    "select",
    { id: "token-lifetime", name: "token-lifetime", "data-testid": "token-lifetime" },
    TOKEN_LIFETIMES.map((l) => h("option", { value: String(l.days) }, l.label)),
  );
  const error = h("div", { class: "form-error", role: "alert", "data-testid": "token-error" });
  const submit = h("button", { class: "btn primary", type: "submit", "data-testid": "token-create" }, "Create token");
  const form = h(
    "form",
    { class: "form token-form", "data-testid": "token-form" },
    h("h3", null, "New token"),
    h("div", { class: "token-form-row" }, name.root, h("div", { class: "field" }, h("label", { for: "token-lifetime" }, "Works for"), lifetime)),
    error,
    submit,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    name.setError("");
    error.textContent = "";
    submit.disabled = true;
    try {
      const t = await app.api.createToken(name.input.value.trim(), Number(lifetime.value));
      await renderTokens(app, section, t);
    } catch (err) {
      if (!showFieldErrors(err, { name: [name, "The name"] })) error.textContent = errorText(err);
      submit.disabled = false;
    }
  });

  replace(
    section,
    h("h2", { id: "tokens-title", tabindex: "-1" }, "API tokens"),
    h(
      "p",
      null,
      "A token lets a script or another tool use the API as you: it sends ",
      h("code", null, "Authorization: Bearer <token>"),
      ". It can do everything you can, so give each tool its own token and revoke the ones you no longer use.",
    ),
    created ? secretBox(created) : null,
    loadError
      ? h("p", { class: "error-text", role: "alert" }, `Could not load your tokens: ${loadError}`)
      : tokens.length
        ? tokenTable(app, section, tokens)
        : h("p", { class: "muted", "data-testid": "no-tokens" }, "You have no API tokens."),
    form,
  );
  if (created) (section.querySelector("[data-testid=new-token]") as HTMLInputElement | null)?.focus();
}

/** The new token's secret, shown this once, with a copy button. */
function secretBox(t: NewApiToken): HTMLElement {
  const input = h("input", {
    id: "new-token",
    class: "secret",
    readonly: true,
    value: t.token,
    spellcheck: "false",
    autocomplete: "off",
    "aria-describedby": "new-token-warning",
    "data-testid": "new-token",
  });
  input.addEventListener("focus", () => input.select());
  const copied = h("span", { role: "status", class: "ok-text", "data-testid": "copy-status" });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(t.token);
    } catch {
      input.select();
      document.execCommand("copy");
    }
    copied.textContent = "Copied.";
  };
  return h(
    "div",
    { class: "secret-box", "data-testid": "new-token-box" },
    h("h3", null, `Token “${t.name}” created`),
    h("label", { for: "new-token" }, "Your new token"),
    h(
      "div",
      { class: "row" },
      input,
      h("button", { class: "btn", type: "button", "data-testid": "copy-token", onclick: () => void copy() }, "Copy"),
      copied,
    ),
    h("p", { id: "new-token-warning", class: "warning-text" }, "Copy it now and keep it somewhere safe: it will not be shown again."),
  );
}

function tokenTable(app: App, section: HTMLElement, tokens: ApiToken[]): HTMLElement {
  return h(
    "table",
    { class: "token-table", "data-testid": "token-list" },
    h("caption", { class: "sr-only" }, "Your API tokens"),
    h(
      "thead",
      null,
      h("tr", null, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Created"), h("th", { scope: "col" }, "Expires"), h("th", { scope: "col" }, "Last used"), h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions"))),
    ),
    h(
      "tbody",
      null,
      tokens.map((t) => {
        const exp = tokenExpiry(t);
        return h(
          "tr",
          { "data-testid": "token-row", "data-token-id": String(t.id) },
          h("th", { scope: "row", "data-label": "Name" }, t.name || "(no name)"),
          h("td", { "data-label": "Created" }, formatDate(t.created_at)),
          h("td", { "data-label": "Expires", class: exp.expired ? "error-text" : "" }, exp.text),
          h("td", { "data-label": "Last used" }, t.last_used_at ? formatDate(t.last_used_at) : "Never"),
          h(
            "td",
            null,
            h(
              "button",
              {
                class: "btn small danger",
                type: "button",
                "aria-label": `Revoke ${t.name || "this token"}`,
                "data-testid": "token-revoke",
                onclick: async () => {
                  const ok = await confirmDialog(
                    `Revoke “${t.name || "this token"}”?`,
                    "Anything that uses this token stops working at once. This cannot be undone; you can make a new token later.",
                    { confirm: "Revoke token", danger: true },
                  );
                  if (!ok) return;
                  try {
                    await app.api.revokeToken(t.id);
                    toast(`Token “${t.name}” revoked.`, "success");
                    await renderTokens(app, section, null);
                    (section.querySelector("#tokens-title") as HTMLElement | null)?.focus();
                  } catch (err) {
                    toast(`Could not revoke the token: ${errorText(err)}`, "error", 8000);
                  }
                },
              },
              "Revoke",
            ),
          ),
        );
      }),
    ),
  );
}
