# The CustomK9 BFF, for production (compose.yaml shows the reference layout beside Odoo 18, PostgreSQL and Redis).
# Build: docker build -t customk9-bff .    Run: see compose.yaml and docs/operations.md.

# 1. The example client dashboard (served on /dashboard/; BFF_DASHBOARD_DIR=off to leave it out).
FROM node:20-bookworm-slim AS dashboard
WORKDIR /src/examples/dashboard
COPY examples/dashboard/package.json examples/dashboard/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY schema.graphql /src/schema.graphql
COPY examples/dashboard/ ./
RUN npm run build

# 2. The BFF. The source tree is kept as installed (the emulator behind `bff serve --demo` loads the addon's
#    booking rules from odoo_addons/, and `bff odoo check` compares the addon's version with it).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin bff
WORKDIR /app
COPY pyproject.toml README.md schema.graphql ./
COPY bff/ bff/
COPY odoo_emulator/ odoo_emulator/
COPY demo_data/ demo_data/
COPY odoo_addons/customk9/ odoo_addons/customk9/
RUN pip install --editable . && python -m compileall -q bff odoo_emulator demo_data
COPY --from=dashboard /src/examples/dashboard/dist/ /app/dashboard/
ENV BFF_DASHBOARD_DIR=/app/dashboard BFF_LOG_LEVEL=INFO
USER bff
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
# Inside the container the BFF listens on all interfaces; publish the port on loopback or behind a proxy only.
CMD ["bff", "serve", "--host", "0.0.0.0", "--port", "8000"]
