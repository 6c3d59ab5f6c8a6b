// One urql client per access token: queries over HTTP POST to /graphql, the subscription over graphql-ws on
// the same path, with the token in connection_init (browsers cannot set headers on a websocket).
import { createClient as createWsClient } from "graphql-ws";
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "urql";

const httpUrl = new URL("/graphql", window.location.href).toString();
const wsUrl = httpUrl.replace(/^http/, "ws");

export function makeClient(accessToken: string | null): { client: Client; close: () => void } {
  const ws = createWsClient({
    url: wsUrl,
    connectionParams: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    retryAttempts: 5,
  });
  const client = new Client({
    url: httpUrl,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
    fetchOptions: (): RequestInit => ({
      headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : ({} as Record<string, string>),
    }),
    requestPolicy: "cache-and-network",
  });
  return { client, close: () => void ws.dispose() };
}
