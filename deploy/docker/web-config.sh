#!/bin/sh
# Writes the web app's run-time configuration when its container starts, before nginx does
# (the nginx image runs /docker-entrypoint.d/*.sh first):
#   - config.json, which the app reads at start: {"apiBaseUrl": GRAMINSTA_API_URL};
#   - web-origins.conf, the origins web.conf's Content-Security-Policy allows besides 'self':
#     the API's (and its WebSocket twin, for streaming), the media base URL's, and the object
#     store's for direct uploads.
#
#   GRAMINSTA_API_URL         the API's URL when it is on another origin; unset or empty when a
#                             proxy or Ingress serves the API on the app's own origin
#   GRAMINSTA_MEDIA_BASE_URL  where photos are served from, when that is another origin (the
#                             same value as the server's setting: the CDN or media edge)
#   GRAMINSTA_S3_PUBLIC_ENDPOINT, GRAMINSTA_S3_BUCKET, GRAMINSTA_S3_PATH_STYLE
#                             stage 5: the same values as the server's, for the origin that
#                             browsers PUT direct uploads to: the endpoint's with path-style
#                             addressing, <bucket>.<endpoint host> without (AWS:
#                             GRAMINSTA_S3_PUBLIC_ENDPOINT=https://s3.<region>.amazonaws.com)
#
# WEB_CONFIG_ROOT and WEB_ORIGINS_CONF move the two files (the tests write them elsewhere).
set -eu

root=${WEB_CONFIG_ROOT:-/usr/share/nginx/html}
origins_conf=${WEB_ORIGINS_CONF:-/etc/nginx/web-origins.conf}
api_url=${GRAMINSTA_API_URL:-}
media_url=${GRAMINSTA_MEDIA_BASE_URL:-}
upload_url=${GRAMINSTA_S3_PUBLIC_ENDPOINT:-}
bucket=${GRAMINSTA_S3_BUCKET:-graminsta}
path_style=${GRAMINSTA_S3_PATH_STYLE:-false}

fail() {
    echo "graminsta-web: $*" >&2
    exit 1
}

# The values go into JSON and into an nginx string: only plain URLs and names get through, so
# no quote, semicolon or space can end either early. matches NAME VALUE REGEX
matches() {
    # grep matches line by line: a value with a newline in it must not pass on its first line.
    [ "$(printf '%s' "$2" | wc -l)" -eq 0 ] || fail "$1 must be one line"
    printf '%s' "$2" | grep -Eq "$3"
}

check_url() {
    matches "$1" "$2" '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$' \
        || fail "$1 must be an http(s) URL such as https://api.example.com, not '$2'"
}

origin_of() {
    printf '%s' "$1" | sed -E 's#^(https?://[^/]+).*$#\1#'
}

connect_sources=""
img_sources=""
if [ -n "$api_url" ]; then
    check_url GRAMINSTA_API_URL "$api_url"
    api_url=${api_url%/}
    api_origin=$(origin_of "$api_url")
    # http -> ws, https -> wss: the streaming API's WebSocket on the same host.
    connect_sources="$api_origin $(printf '%s' "$api_origin" | sed -E 's#^http#ws#')"
    # Accounts without an avatar, and local media (stages 3 and 4), come from the API's origin.
    img_sources=$api_origin
fi
if [ -n "$media_url" ]; then
    check_url GRAMINSTA_MEDIA_BASE_URL "$media_url"
    media_origin=$(origin_of "$media_url")
    case " $img_sources " in
        *" $media_origin "*) ;;
        *) img_sources="${img_sources:+$img_sources }$media_origin" ;;
    esac
fi

if [ -n "$upload_url" ]; then
    check_url GRAMINSTA_S3_PUBLIC_ENDPOINT "$upload_url"
    upload_origin=$(origin_of "$upload_url")
    if [ "$path_style" != true ]; then
        # The bucket is a DNS label in front of the endpoint's host, as the server signs it.
        matches GRAMINSTA_S3_BUCKET "$bucket" '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' \
            || fail "GRAMINSTA_S3_BUCKET must be an S3 bucket name, not '$bucket'"
        upload_origin=$(printf '%s' "$upload_origin" | sed -E "s#^(https?://)#\\1$bucket.#")
    fi
    connect_sources="${connect_sources:+$connect_sources }$upload_origin"
fi

printf '{\n  "apiBaseUrl": "%s"\n}\n' "$api_url" >"$root/config.json"

cat >"$origins_conf" <<CONF
# Written by web-config.sh at container start from GRAMINSTA_API_URL, GRAMINSTA_MEDIA_BASE_URL
# and GRAMINSTA_S3_PUBLIC_ENDPOINT.
map "" \$graminsta_connect_sources {
    default "$connect_sources";
}
map "" \$graminsta_img_sources {
    default "$img_sources";
}
CONF

echo "graminsta-web: API at ${api_url:-this origin}; also connects to: ${connect_sources:-nothing else}; images also from: ${img_sources:-nowhere else}"
