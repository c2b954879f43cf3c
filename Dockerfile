# One image for every Spanloop role; the role is the command: collector | ingester | query | migrate | start.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    SPANLOOP_HOST=0.0.0.0 \
    SPANLOOP_DATA_DIR=/data

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. `npm ci` refuses chdb's optional platform
# packages that the registry does not serve, hence `npm install` (which still honours the lock).
COPY package.json package-lock.json ./
RUN npm install --include=dev --no-audit --no-fund

COPY . .
# The web console is built here (Vite is a dev dependency), then the dev dependencies go.
RUN npm run console:build && npm prune --omit=dev && npm cache clean --force

RUN mkdir -p /data && chown node:node /data
USER node

EXPOSE 4317 4318 8080
ENTRYPOINT ["node", "bin/spanloop.mjs"]
CMD ["start"]
