# syntax=docker/dockerfile:1
#
# The Graminsta web app on its own (stage 3 on): web/dist served by nginx with deploy/nginx/web.conf.
#
# Build from the repository root:
#   docker build -f deploy/docker/web.Dockerfile -t graminsta-web .
# Run, with the API on another origin (the API must then allow this app's origin:
# GRAMINSTA_CORS_ALLOWED_ORIGINS on the server):
#   docker run -p 8081:8080 -e GRAMINSTA_API_URL=https://api.example.com \
#     -e GRAMINSTA_MEDIA_BASE_URL=https://media.example.com graminsta-web
# With the API on the same origin behind one proxy or Ingress, leave GRAMINSTA_API_URL unset.
#
# The same build serves every deployment: config.json (the app's run-time configuration) and the
# Content-Security-Policy's origins are written at container start by web-config.sh.

FROM node:20-bookworm-slim AS build
WORKDIR /build/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/index.html web/tsconfig.json web/vite.config.ts ./
COPY web/public ./public
COPY web/scripts ./scripts
COPY web/src ./src
# Source maps stay out, as in the server's jar (server/pom.xml excludes **/*.map).
RUN npm run build && find dist -name '*.map' -delete

# nginx as an unprivileged user (uid 101), listening on 8080.
FROM nginxinc/nginx-unprivileged:1.28-alpine
USER root
RUN rm -rf /usr/share/nginx/html/* /etc/nginx/conf.d/default.conf
COPY deploy/nginx/web.conf /etc/nginx/nginx.conf
COPY --from=build /build/web/dist /usr/share/nginx/html
# Rewritten at start by the nginx user: these two files, nothing else, belong to it.
COPY --chown=101:101 deploy/nginx/web-origins.conf /etc/nginx/web-origins.conf
RUN chown 101:101 /usr/share/nginx/html/config.json
# The image's entrypoint runs /docker-entrypoint.d/*.sh before nginx starts.
COPY --chmod=0755 deploy/docker/web-config.sh /docker-entrypoint.d/40-graminsta-web-config.sh
USER 101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8080/healthz || exit 1
