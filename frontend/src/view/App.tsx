/** Routes: every screen has an address without a hash, GitHub-style (see README "Addresses"). */
import { lazy, Suspense, useCallback } from "react";
import { createBrowserRouter, RouterProvider, useNavigate } from "react-router";
import { AuthProvider } from "./shell/auth";
import { Shell } from "./shell/Shell";
import { ToastProvider, useToast } from "./shell/toasts";
import { NotFound, RouteError } from "./shell/NotFound";
import { HomeOrLanding } from "./pages/Home";
import { SignIn, SignUp } from "./pages/Auth";
import { Account } from "./pages/Account";
import { Explore } from "./pages/Explore";
import { OrgPage } from "./pages/OrgPage";
import { Members } from "./pages/Members";
import { PortfolioPage } from "./portfolio/PortfolioPage";
import { EditorRoute } from "./editor/EditorRoute";
import { ComparePage } from "./panels/ComparePage";
import { ProposalPage } from "./panels/ProposalPage";
import { MergePage } from "./panels/MergePage";
import { ResultsPage } from "./results/ResultsPage";

// The dashboard's chart library loads with the dashboard, not with every page.
const DashboardPage = lazy(() => import("./results/DashboardPage"));
const SectorPage = lazy(() => import("./sector/SectorPage"));
const loading = (
  <p className="page muted" aria-busy="true">
    Loading the dashboard…
  </p>
);
import { legacyHashTarget } from "./shell/legacy";
import { paletteCssVariables } from "./palette";

for (const [name, value] of Object.entries(paletteCssVariables())) document.documentElement.style.setProperty(name, value);

/** Sign-in ended (401 on a later request): say so and go to the sign-in page. */
function Session({ children }: { children: React.ReactNode }) {
  const navigate = useNavigate();
  const toast = useToast();
  const ended = useCallback(() => {
    toast("Your session has ended. Please sign in again.", "error");
    const here = location.pathname + location.search;
    void navigate(`/signin?next=${encodeURIComponent(here)}`);
  }, [navigate, toast]);
  return <AuthProvider onEnded={ended}>{children}</AuthProvider>;
}

function Root() {
  return (
    <Session>
      <Shell />
    </Session>
  );
}

export const routes = [
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeOrLanding /> },
      { path: "signin", element: <SignIn /> },
      { path: "signup", element: <SignUp /> },
      { path: "account", element: <Account /> },
      { path: "explore", element: <Explore /> },
      { path: ":org", element: <OrgPage /> },
      { path: ":org/members", element: <Members /> },
      { path: ":org/portfolio", element: <PortfolioPage /> },
      { path: ":org/:graph", element: <EditorRoute view="diagram" /> },
      { path: ":org/:graph/tree/*", element: <EditorRoute view="diagram" /> },
      { path: ":org/:graph/outline", element: <EditorRoute view="outline" /> },
      { path: ":org/:graph/history", element: <EditorRoute view="diagram" panel="history" /> },
      { path: ":org/:graph/results", element: <ResultsPage /> },
      {
        path: ":org/:graph/dashboard",
        element: (
          <Suspense fallback={loading}>
            <DashboardPage view="charts" />
          </Suspense>
        ),
      },
      {
        path: ":org/:graph/dashboard/pathway",
        element: (
          <Suspense fallback={loading}>
            <DashboardPage view="pathway" />
          </Suspense>
        ),
      },
      {
        path: ":org/:graph/sector",
        element: (
          <Suspense fallback={loading}>
            <SectorPage />
          </Suspense>
        ),
      },
      { path: ":org/:graph/compare/:spec", element: <ComparePage /> },
      { path: ":org/:graph/proposals/:n", element: <ProposalPage /> },
      { path: ":org/:graph/merge", element: <MergePage /> },
      { path: "*", element: <NotFound /> },
    ],
  },
];

export function App() {
  // Addresses of the old hash router (#/g/org/graph...) from e-mails and reports still work.
  const legacy = legacyHashTarget(location.hash);
  if (legacy) history.replaceState(null, "", legacy);
  const router = createBrowserRouter(routes);
  return (
    <ToastProvider>
      <RouterProvider router={router} />
    </ToastProvider>
  );
}
