# One image for every Spanloop role; the role is the command: collector | ingester | query | migrate | start.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    SPANLOOP_HOST=0.0.0.0 \
    SPANLOOP_DATA_DIR=/data

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. `npm ci` refuses chdb's optional platform
# packages that the registry does not serve, hence `npm install` (which still honours the lock).
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .

RUN mkdir -p /data && chown node:node /data
USER node

EXPOSE 4317 4318 8080
ENTRYPOINT ["node", "bin/spanloop.mjs"]
CMD ["start"]
