# One image for every distributed service; docker-compose.yml picks the entry file per service.
# TypeScript runs through tsx (a runtime dependency), so there is no compile step to ship.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; native add-ons (KurrentDB bridge, uWebSockets) come prebuilt.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY domain ./domain
COPY contracts ./contracts
COPY projections ./projections
COPY services ./services
USER node
EXPOSE 3000 3001
CMD ["node", "--import", "tsx", "services/server.ts"]
