// Built into dist/ with base /dashboard/: `make run` serves it from the BFF at http://127.0.0.1:8000/dashboard/.
// `npm run dev` serves it on :5173 and proxies /graphql (HTTP and websocket) to the BFF of `make run`.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/dashboard/",
  plugins: [react()],
  server: {
    host: "127.0.0.1",
    proxy: { "/graphql": { target: "http://127.0.0.1:8000", ws: true } },
  },
});
