import { ApiError } from "../../sync/api";
import type { App } from "../app";
import { errorText, h, replace } from "../dom";
import { labelledField, showFieldErrors } from "../formfield";

function field(label: string, id: string, attrs: Record<string, unknown>): HTMLElement {
  return h("div", { class: "field" }, h("label", { for: id }, label), h("input", { id, name: id, ...attrs }));
}

export function renderSignIn(app: App, root: HTMLElement, next: string | null): void {
  const error = h("div", { class: "form-error", role: "alert", "data-testid": "form-error" });
  const form = h(
    "form",
    { class: "card form", "data-testid": "signin-form" },
    h("h1", null, "Sign in"),
    field("Username", "username", { autocomplete: "username", required: true, "data-testid": "signin-username" }),
    field("Password", "password", { type: "password", autocomplete: "current-password", required: true, "data-testid": "signin-password" }),
    error,
    h("button", { class: "btn primary", type: "submit", "data-testid": "signin-submit" }, "Sign in"),
    h("p", null, "New here? ", h("a", { href: "#/signup" }, "Create an account")),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    error.textContent = "";
    try {
      const user = await app.api.signIn(String(fd.get("username")).trim(), String(fd.get("password")));
      await app.signedIn(user, next);
    } catch (err) {
      error.textContent =
        err instanceof ApiError && (err.status === 401 || err.status === 400)
          ? "That username and password do not match. Please try again."
          : errorText(err);
    }
  });
  replace(root, h("div", { class: "page narrow" }, form));
  (form.querySelector("input") as HTMLInputElement).focus();
}

export function renderSignUp(app: App, root: HTMLElement): void {
  const password = labelledField(
    "Password",
    "password",
    { type: "password", autocomplete: "new-password", required: true, minlength: 8, maxlength: 200, "data-testid": "signup-password" },
    "At least 8 characters and hard to guess: three or four unrelated words you picked at random work well.",
  );
  const error = h("div", { class: "form-error", role: "alert", "data-testid": "form-error" });
  const form = h(
    "form",
    { class: "card form", "data-testid": "signup-form" },
    h("h1", null, "Create an account"),
    field("Username", "username", {
      autocomplete: "username",
      required: true,
      pattern: "[A-Za-z0-9_.\\-]{2,40}",
      title: "2–40 letters, digits, dots, dashes or underscores",
      "data-testid": "signup-username",
    }),
    field("Email", "email", { type: "email", autocomplete: "email", required: true, "data-testid": "signup-email" }),
    password.root,
    error,
    h("button", { class: "btn primary", type: "submit", "data-testid": "signup-submit" }, "Create account"),
    h("p", null, "Already have an account? ", h("a", { href: "#/signin" }, "Sign in")),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const username = String(fd.get("username")).trim();
    error.textContent = "";
    password.setError("");
    try {
      await app.api.signUp(username, String(fd.get("email")).trim(), password.input.value);
      const user = await app.api.signIn(username, password.input.value);
      await app.signedIn(user, "/");
    } catch (err) {
      // A weak password is said next to the password field; anything else above the button.
      if (!showFieldErrors(err, { password: [password, "The password"] })) error.textContent = errorText(err);
    }
  });
  replace(root, h("div", { class: "page narrow" }, form));
  (form.querySelector("input") as HTMLInputElement).focus();
}
