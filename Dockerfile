# One Dockerfile, one target per service (docs/adr/0004-container-images.md). No `# syntax=` line:
# the engine's built-in frontend reads everything used here, so a build needs no frontend image.
#   docker build --target order-service -t ftgo/order-service .
# Each service image holds its API (the default CMD) and its outbox relay
# (`node dist/apps/<service>-service/src/relay.js`, the relay containers' command in docker-compose.yml).
# The `flow-page` target is the flow page (docs/flow-page.md): its server and its bundled front end.
ARG NODE_IMAGE=node:24-trixie-slim

# --- every dependency, for the build -------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# --- compile the apps and the libraries once (SWC; the flow page's front end with Vite) -----------
FROM deps AS build
COPY tsconfig.base.json ./
COPY tools/build tools/build
COPY libs libs
COPY apps apps
RUN npx tsx tools/build/build.ts apps/order-service apps/kitchen-service apps/accounting-service apps/flow-page

# --- production dependencies only; no install scripts run for them ------------------------------
# --omit=optional too: optional peers that the dev tools also need (typescript for @nestjs/swagger,
# babel-plugin-macros and cosmiconfig for dedent) would otherwise come along, ~27 MB nothing loads.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

# --- what every service image shares --------------------------------------------------------------
# Files stay owned by root and the process runs as `node`: it can read its code, never change it,
# and it writes nothing, so the container runs with a read-only root filesystem.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /app/node_modules node_modules
# The gRPC contracts are loaded at run time; proto-packages.ts finds them by walking up from dist/.
COPY libs/contracts/proto libs/contracts/proto
COPY --from=build /app/dist/libs dist/libs
USER node
# No curl in a slim image: Node's own fetch. HTTP_PORT is set per target below (and by compose).
# A first start runs the migrations and may wait for Kafka: on a loaded 2-core machine an API took
# over 60 s, so failures count only after 90 s (a passing probe reports healthy at once).
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself, no npm or shell in between: SIGTERM reaches the graceful shutdown in run-service.ts,
# whether node is PID 1 (Kubernetes) or runs under an init (`init: true` in docker-compose.yml).
STOPSIGNAL SIGTERM

FROM runtime AS order-service
ENV HTTP_PORT=3001
COPY --from=build /app/dist/apps/order-service dist/apps/order-service
EXPOSE 3001
CMD ["node", "dist/apps/order-service/src/main.js"]

FROM runtime AS kitchen-service
ENV HTTP_PORT=3002
COPY --from=build /app/dist/apps/kitchen-service dist/apps/kitchen-service
EXPOSE 3002 50052
CMD ["node", "dist/apps/kitchen-service/src/main.js"]

FROM runtime AS accounting-service
ENV HTTP_PORT=3003
COPY --from=build /app/dist/apps/accounting-service dist/apps/accounting-service
EXPOSE 3003 50053
CMD ["node", "dist/apps/accounting-service/src/main.js"]

FROM runtime AS flow-page
ENV HTTP_PORT=3000
COPY --from=build /app/dist/apps/flow-page dist/apps/flow-page
EXPOSE 3000
CMD ["node", "dist/apps/flow-page/src/main.js"]
