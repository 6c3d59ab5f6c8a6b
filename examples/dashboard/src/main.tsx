import { StrictMode, useEffect, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { Provider } from "urql";

import { makeClient } from "./client";
import { Dashboard } from "./Dashboard";
import { LogInForm } from "./LogIn";

// The access token lives in memory only (a reload signs out): an example, not a session manager. A real app
// keeps the refresh token in an httpOnly cookie of its own server (docs/frontend.md, "Auth flow").
function App() {
  const [token, setToken] = useState<string | null>(null);
  const { client, close } = useMemo(() => makeClient(token), [token]);
  useEffect(() => close, [close]);
  return (
    <Provider value={client}>
      {token ? <Dashboard onLogOut={() => setToken(null)} /> : <LogInForm onToken={setToken} />}
    </Provider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
