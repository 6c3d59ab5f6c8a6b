import { useEffect, useState } from "react";
import { useQuery, useSubscription } from "urql";

import { graphql } from "./gql";

const DashboardQuery = graphql(`
  query Dashboard {
    me { name }
    dashboard {
      counts { dogs activePlans upcomingSessions openRentals upcomingRegistrations }
      nextSessions(first: 5) { id title start timeZone trainer { name } }
      activePlans { id name progress { done total percent } }
      openRentals { id reference state }
    }
  }
`);

const Changes = graphql(`
  subscription DashboardChanged {
    dashboardChanged { kind operation ids }
  }
`);

function when(start: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(start));
}

export function Dashboard({ onLogOut }: { onLogOut: () => void }) {
  const [{ data, error }, refetch] = useQuery({ query: DashboardQuery });
  const [changes] = useSubscription({ query: Changes });
  const [updates, setUpdates] = useState(0);

  // Every change the BFF relays (or a RESYNC after an outage) reloads the dashboard from the network.
  useEffect(() => {
    if (!changes.data) return;
    setUpdates((n) => n + 1);
    refetch({ requestPolicy: "network-only" });
  }, [changes.data, refetch]);

  if (error) return <p role="alert">{error.message}</p>;
  if (!data?.dashboard) return <p>Loading…</p>;
  const { counts, nextSessions, activePlans, openRentals } = data.dashboard;
  return (
    <main>
      <header>
        <h1>Hello {data.me?.name}</h1>
        <button onClick={onLogOut}>Sign out</button>
        <p aria-live="polite" data-testid="live-status">
          {changes.error ? `Live updates stopped: ${changes.error.message}` : `Live: ${updates} update(s) received`}
        </p>
      </header>
      <section aria-label="Counts">
        {counts.dogs} dogs · {counts.activePlans} active plans · {counts.upcomingSessions} upcoming sessions ·{" "}
        {counts.openRentals} open rentals · {counts.upcomingRegistrations} registrations
      </section>
      <section aria-label="Next sessions">
        <h2>Next sessions</h2>
        <ul>
          {nextSessions.map((s) => (
            <li key={s.id} data-testid="session">
              {s.title} — {when(s.start, s.timeZone)}{s.trainer ? ` with ${s.trainer.name}` : ""}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Training plans">
        <h2>Training plans</h2>
        <ul>
          {activePlans.map((p) => (
            <li key={p.id}>{p.name}: {p.progress.done}/{p.progress.total} tasks ({p.progress.percent}%)</li>
          ))}
        </ul>
      </section>
      <section aria-label="Rentals">
        <h2>Rentals</h2>
        <ul>
          {openRentals.map((r) => (
            <li key={r.id}>{r.reference} ({r.state.toLowerCase()})</li>
          ))}
        </ul>
      </section>
    </main>
  );
}
