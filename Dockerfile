# Kapasitet: one image for `serve` (API, dashboard, maintenance, alerts) and `collect` (polling).
# Build stage: npm ci compiles better-sqlite3; the runtime stage copies the result into a slim
# image and runs as the unprivileged `node` user. The CLI's TypeScript is bundled into dist/ here
# (npm run build), as the unprivileged user cannot write it there at run time.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY alerts ./alerts
COPY api ./api
COPY cli ./cli
COPY collector ./collector
COPY config ./config
COPY flows ./flows
COPY i18n ./i18n
COPY models ./models
COPY planning ./planning
COPY simulator ./simulator
COPY store ./store
COPY web ./web
COPY tsconfig.json ./
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080 9464 2055/udp 4739/udp
# The launcher's first line holds the Node options (OpenSSL's legacy provider for single DES, the heap).
ENTRYPOINT ["bin/kapasitet.js"]
CMD ["serve", "--config", "/config/kapasitet.yaml"]
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8080/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
