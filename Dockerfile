# toc-editor: Debian-based Python image, Debian's graphviz, uvicorn, migrations on start.
# Build:  docker build -t toc-editor .
# Run:    docker run -p 8000:8000 -e DATABASE_URL=postgresql://user:pw@db/toc \
#                    -e TOC_SECRET_KEY=change-me toc-editor
# Seeds:  docker run --rm -e DATABASE_URL=... toc-editor toc-editor seed
# Several containers behind a load balancer share nothing but PostgreSQL (and the same
# TOC_SECRET_KEY); each keeps only a cache of what derives from immutable commits.

# -- 1. build the front end (frontend/dist is build output, never committed) ------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# The palette is shared with the Python renderer: the front end imports it from there.
COPY toc_editor/rendering/palette.json /src/toc_editor/rendering/palette.json
RUN npm run build

# -- 2. the app -----------------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    TOC_INSTANCE_PATH=/var/lib/toc-editor PORT=8000
RUN apt-get update \
 && apt-get install -y --no-install-recommends graphviz fonts-liberation fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /app --shell /usr/sbin/nologin toc \
 && mkdir -p /var/lib/toc-editor && chown toc /var/lib/toc-editor
WORKDIR /app
COPY requirements-runtime.lock pyproject.toml README.md ./
RUN python -m pip install --no-cache-dir -r requirements-runtime.lock
COPY toc_editor/ toc_editor/
COPY seed_graphs/ seed_graphs/
RUN python -m pip install --no-cache-dir --no-deps .
COPY --from=frontend /src/frontend/dist/ /app/frontend/dist/
ENV TOC_FRONTEND_DIST=/app/frontend/dist TOC_SEED_DIR=/app/seed_graphs
USER toc
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/api/v1/health', timeout=4)"
# Migrations on start (Alembic upgrade is idempotent), then uvicorn (toc-editor serve).
# WEB_CONCURRENCY above 1 (processes) needs PostgreSQL: its live bus reaches every process.
CMD ["sh", "-c", "toc-editor init-db && exec toc-editor serve --host 0.0.0.0 --port ${PORT} --workers ${WEB_CONCURRENCY:-1}"]
