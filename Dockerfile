# Container image of Sousei (docs/operations.md §4). Build: docker build -t sousei:0.1.0 .
# Runs as a non-root user, SQLite in the /data volume unless DATABASE_URL points to PostgreSQL
# (see compose.yaml), with a health check on /api/health. Nothing is fetched at run time.

# --- build: dependencies with the native SQLite binding, the web app and the server bundle
FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY . .
RUN npm run build && npm prune --omit=dev

# --- run: only what the server needs
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    SOUSEI_HOST=0.0.0.0 \
    SOUSEI_PORT=3000 \
    SOUSEI_DB=/data/sousei.db \
    SOUSEI_DEMO=false
WORKDIR /opt/sousei
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/bin/sousei.js ./bin/sousei.js
COPY --from=build /src/build ./build
COPY --from=build /src/web/dist ./web/dist
COPY --from=build /src/docs ./docs
COPY --from=build /src/LICENSE /src/README.md /src/CHANGELOG.md /src/SECURITY.md ./
RUN mkdir -p /data /backups && chown node:node /data /backups
USER node
VOLUME ["/data", "/backups"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.SOUSEI_PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/sousei.js"]
CMD ["serve"]
