/** The one API client the app uses (it keeps the session's CSRF token). */
import { Api } from "./api";

export const api = new Api();
