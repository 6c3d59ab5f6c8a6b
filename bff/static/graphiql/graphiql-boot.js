// CustomK9 BFF: start GraphiQL (the globals React, ReactDOM and GraphiQL come from the files beside this one).
// A separate file rather than an inline script, so the page's Content-Security-Policy can say script-src 'self'.
// `?q=...&variables=...` in the page address pre-fill the editors, as in strawberry's own page (`?query=` would
// be a GraphQL GET request, not this page).
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var url = window.location.origin + window.location.pathname;
  var fetcher = GraphiQL.createFetcher({
    url: url,
    subscriptionUrl: url.replace(/^http/, "ws"),
  });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      query: params.get("q") || undefined,
      variables: params.get("variables") || undefined,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    })
  );
})();
