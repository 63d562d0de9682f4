import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The home-timeline load scenario, a plain Java program with no dependencies:
 *
 * <pre>
 *   java HomeTimelineLoad.java register --base-url URL --count N > viewers.txt
 *   java HomeTimelineLoad.java run --base-url URL --viewers viewers.txt [--quiet-viewers 0]
 *        [--concurrency 8] [--warmup-seconds 15] [--seconds 60] [--max-requests 200000]
 *        [--next-page-share 0.3] [--baseline-path /api/v1/instance] [--baseline-share 0.2]
 * </pre>
 *
 * {@code register} signs viewers up through the API and prints "account-id token" per line.
 * {@code run} is a closed loop: each of {@code concurrency} clients sends a request, waits for
 * the answer, and sends the next. A request is the viewer's home timeline (a random viewer each
 * time), sometimes followed by its next page through the {@code Link} header, as scrolling does;
 * a share of requests is the baseline instead, a cheap endpoint through the same HTTP stack, so
 * the ratio between the two says how much the timeline itself costs under the same load. It
 * stops by itself after the time or the request count, whichever comes first. The first
 * {@code quiet-viewers} viewers in the file are reported apart ("quiet"): the dataset has them
 * follow accounts that posted long ago.
 */
public class HomeTimelineLoad {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CLIENT_ID = Pattern.compile("\"client_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CLIENT_SECRET = Pattern.compile("\"client_secret\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9]+)\"");
    /** Only statuses carry this key, once each: counting it counts the statuses in a page. */
    private static final String STATUS_MARK = "\"media_attachments\":";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: register|run [--option value]...");
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        String baseUrl = options.getOrDefault("base-url", "http://127.0.0.1:8080");
        switch (args[0]) {
            case "register" -> register(baseUrl, Integer.parseInt(options.getOrDefault("count", "10")));
            case "run" -> run(baseUrl, options);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // --- register ---------------------------------------------------------------------------

    private static void register(String baseUrl, int count) throws Exception {
        String app = send(post(baseUrl + "/api/v1/apps", form(
                "client_name", "home-timeline-load", "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write follow")), 200);
        String clientId = find(CLIENT_ID, app);
        String clientSecret = find(CLIENT_SECRET, app);
        String appToken = find(ACCESS_TOKEN, send(post(baseUrl + "/oauth/token", form(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret,
                "scope", "read write follow")), 200));
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        for (int i = 1; i <= count; i++) {
            String username = "viewer_" + run + "_" + i;
            HttpRequest signUp = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/accounts"))
                    .header("Authorization", "Bearer " + appToken)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form("username", username,
                            "email", username + "@example.com", "password", "Load-Test-Password-" + username + "-" + run,
                            "agreement", "true", "locale", "en")))
                    .build();
            String token = find(ACCESS_TOKEN, send(signUp, 200));
            String me = send(get(baseUrl + "/api/v1/accounts/verify_credentials", token), 200);
            System.out.println(find(ID, me) + " " + token);
        }
    }

    // --- run --------------------------------------------------------------------------------

    /** @param label how its requests are reported: "home", or "home, quiet" for a quiet viewer */
    private record Viewer(String id, String token, String label) {
    }

    /** What one client measured: latencies in nanoseconds per kind of request, and failures. */
    private static final class Recorder {
        final Map<String, long[]> latencies = new HashMap<>();
        final Map<String, Integer> counts = new HashMap<>();
        long failures;

        void record(String kind, long nanos) {
            long[] values = latencies.computeIfAbsent(kind, k -> new long[1024]);
            int count = counts.getOrDefault(kind, 0);
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
                latencies.put(kind, values);
            }
            values[count] = nanos;
            counts.put(kind, count + 1);
        }

        long[] values(String kind) {
            return Arrays.copyOf(latencies.getOrDefault(kind, new long[0]), counts.getOrDefault(kind, 0));
        }
    }

    private static void run(String baseUrl, Map<String, String> options) throws Exception {
        int quietViewers = Integer.parseInt(options.getOrDefault("quiet-viewers", "0"));
        List<String[]> lines = Files.readAllLines(Path.of(options.getOrDefault("viewers", "viewers.txt"))).stream()
                .map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+"))
                .toList();
        List<Viewer> viewers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            viewers.add(new Viewer(lines.get(i)[0], lines.get(i)[1], i < quietViewers ? "home, quiet" : "home"));
        }
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "8"));
        int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "15"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        long maxRequests = Long.parseLong(options.getOrDefault("max-requests", "200000"));
        double nextPageShare = Double.parseDouble(options.getOrDefault("next-page-share", "0.3"));
        String baselinePath = options.getOrDefault("baseline-path", "/api/v1/instance");
        double baselineShare = Double.parseDouble(options.getOrDefault("baseline-share", "0.2"));

        checkTimelinesAreFull(baseUrl, viewers);

        System.out.printf(Locale.ROOT, "warming up: %d clients for %d s%n", concurrency, warmupSeconds);
        drive(baseUrl, viewers, concurrency, warmupSeconds, maxRequests, nextPageShare, baselinePath, baselineShare);
        System.out.printf(Locale.ROOT, "measuring: %d clients for %d s (at most %d requests)%n", concurrency, seconds, maxRequests);
        long started = System.nanoTime();
        List<Recorder> recorders = drive(baseUrl, viewers, concurrency, seconds, maxRequests, nextPageShare,
                baselinePath, baselineShare);
        double elapsed = (System.nanoTime() - started) / 1e9;

        System.out.printf(Locale.ROOT, "%-28s %8s %9s %8s %8s %8s %8s %8s%n",
                "request", "count", "req/s", "mean ms", "p50 ms", "p95 ms", "p99 ms", "max ms");
        Map<String, long[]> byKind = new HashMap<>();
        for (String kind : List.of("home", "home next page", "home, quiet", "home, quiet next page",
                "baseline " + baselinePath)) {
            long[] all = recorders.stream().map(r -> r.values(kind)).flatMapToLong(Arrays::stream).sorted().toArray();
            byKind.put(kind, all);
            if (all.length > 0) {
                System.out.printf(Locale.ROOT, "%-28s %8d %9.1f %8.2f %8.2f %8.2f %8.2f %8.2f%n", kind, all.length,
                        all.length / elapsed, Arrays.stream(all).average().orElse(0) / 1e6,
                        percentile(all, 50), percentile(all, 95), percentile(all, 99), all[all.length - 1] / 1e6);
            }
        }
        long[] home = byKind.get("home");
        long[] baseline = byKind.get("baseline " + baselinePath);
        long failures = recorders.stream().mapToLong(r -> r.failures).sum();
        System.out.printf(Locale.ROOT, "failures: %d; all requests: %.1f/s over %.1f s%n", failures,
                recorders.stream().mapToLong(r -> r.counts.values().stream().mapToLong(Integer::longValue).sum()).sum() / elapsed,
                elapsed);
        if (home.length > 0 && baseline.length > 0) {
            System.out.printf(Locale.ROOT, "home p99 / baseline p99: %.1f%n", percentile(home, 99) / percentile(baseline, 99));
        }
        if (failures > 0) {
            System.exit(1);
        }
    }

    /** A benchmark of empty timelines would measure nothing: every viewer's first page must be full. */
    private static void checkTimelinesAreFull(String baseUrl, List<Viewer> viewers) throws Exception {
        for (Viewer viewer : viewers) {
            String body = send(get(baseUrl + "/api/v1/timelines/home", viewer.token()), 200);
            int statuses = (body.length() - body.replace(STATUS_MARK, "").length()) / STATUS_MARK.length();
            if (statuses != 20) {
                throw new IllegalStateException("viewer " + viewer.id() + " has " + statuses + " statuses on the first page, not 20");
            }
        }
    }

    private static List<Recorder> drive(String baseUrl, List<Viewer> viewers, int concurrency, int seconds,
                                        long maxRequests, double nextPageShare, String baselinePath,
                                        double baselineShare) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong budget = new AtomicLong(maxRequests);
        AtomicBoolean stop = new AtomicBoolean();
        List<Recorder> recorders = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Recorder recorder = new Recorder();
            recorders.add(recorder);
            clients.add(Thread.ofVirtual().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get() && System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
                    if (random.nextDouble() < baselineShare) {
                        timed(recorder, "baseline " + baselinePath, get(baseUrl + baselinePath, null));
                        continue;
                    }
                    Viewer viewer = viewers.get(random.nextInt(viewers.size()));
                    HttpResponse<String> first = timed(recorder, viewer.label(),
                            get(baseUrl + "/api/v1/timelines/home", viewer.token()));
                    if (first != null && random.nextDouble() < nextPageShare && budget.decrementAndGet() >= 0) {
                        Matcher next = NEXT.matcher(first.headers().firstValue("Link").orElse(""));
                        if (next.find()) {
                            timed(recorder, viewer.label() + " next page", get(next.group(1), viewer.token()));
                        }
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return recorders;
    }

    /** Sends the request and records its latency; a failure is counted, not timed. */
    private static HttpResponse<String> timed(Recorder recorder, String kind, HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                recorder.failures++;
                return null;
            }
            recorder.record(kind, nanos);
            return response;
        } catch (IOException e) {
            recorder.failures++;
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static double percentile(long[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)] / 1e6;
    }

    // --- HTTP helpers -----------------------------------------------------------------------

    private static HttpRequest get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static HttpRequest post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    private static String send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String form(String... keysAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(URLEncoder.encode(keysAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return matcher.group(1);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
