import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The streaming benchmark's client, a plain Java program with no dependencies (the JDK's
 * WebSocket client, one selector thread for every socket):
 *
 * <pre>
 *   java StreamingBench.java --base-url URL --management-url URL --server-pid PID
 *        --tokens tokens.csv --posts posts.csv [--connections 10000] [--like-rate 20]
 *        [--warmup-seconds 20] [--like-seconds 60] [--public-posts 5] [--timeout-seconds 30]
 * </pre>
 *
 * {@code tokens.csv} is "account id,token" per line, {@code posts.csv} "account id,status id"
 * (one post per account). It runs three phases and prints what it measured:
 * <ol>
 * <li>opens one WebSocket per account on the {@code user} stream (notifications included), and
 * reads the server's RSS ({@code VmRSS} of {@code /proc/PID/status}) before and after;
 * <li>likes, after warm-up likes for {@code warmup-seconds} (not counted): at a steady rate (an
 * open model: a like is sent on time whether or not the last one was answered), account B likes
 * the post of account A, a new pair each time; the time from sending the like to A's socket
 * getting the {@code notification} frame for it;
 * <li>public posts: every socket subscribes to {@code public}; one post at a time (its photo
 * uploaded first, not timed), the time from sending {@code POST /api/v1/statuses} to each
 * socket's {@code update} frame for it: per post the p50, p99 and the last socket's.
 * </ol>
 * Every wait is bounded ({@code timeout-seconds} for the stragglers of a phase); it stops by itself.
 */
public class StreamingBench {

    private static final Pattern QUOTED_ID = Pattern.compile("\"id\":\"(\\d+)\"");
    private static final Pattern NOTIFICATION_ACCOUNT = Pattern.compile("\"account\":\\{\"id\":\"(\\d+)\"");
    private static final Pattern NOTIFICATION_STATUS = Pattern.compile("\"status\":\\{\"id\":\"(\\d+)\"");
    private static final Pattern VM_LINE = Pattern.compile("^(VmRSS|VmHWM):\\s+(\\d+) kB", Pattern.MULTILINE);
    private static final int CONNECTING_AT_ONCE = 64;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<Account> accounts;
    private final Map<Long, Long> postOf;
    private final Socket[] sockets;
    /** Likes sent and not yet heard of, "status liker" to the time the like was sent (nanos). */
    private final Map<String, Long> pendingLikes = new ConcurrentHashMap<>();
    private final List<Long> likeLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Long> likeResponseTimes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger likeErrors = new AtomicInteger();
    /** The post being timed, and when each socket got it (nanos; 0 until then). */
    private volatile long trackedPost = -1;
    private volatile AtomicLongArray arrivals;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicLong frames = new AtomicLong();
    private long likesSent;

    record Settings(String baseUrl, String managementUrl, long serverPid, Path tokens, Path posts, int connections,
                    double likeRate, int warmupSeconds, int likeSeconds, int publicPosts, int timeoutSeconds) {
    }

    record Account(long id, String token) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Settings settings = new Settings(required(options, "base-url"), required(options, "management-url"),
                Long.parseLong(required(options, "server-pid")), Path.of(required(options, "tokens")),
                Path.of(required(options, "posts")), Integer.parseInt(options.getOrDefault("connections", "10000")),
                Double.parseDouble(options.getOrDefault("like-rate", "20")),
                Integer.parseInt(options.getOrDefault("warmup-seconds", "20")),
                Integer.parseInt(options.getOrDefault("like-seconds", "60")),
                Integer.parseInt(options.getOrDefault("public-posts", "5")),
                Integer.parseInt(options.getOrDefault("timeout-seconds", "30")));
        new StreamingBench(settings).run();
        System.exit(0);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    StreamingBench(Settings settings) throws IOException {
        this.settings = settings;
        this.accounts = Files.readAllLines(settings.tokens()).stream().filter(line -> !line.isBlank())
                .map(line -> line.split(",")).map(f -> new Account(Long.parseLong(f[0]), f[1])).toList();
        this.postOf = new HashMap<>();
        for (String line : Files.readAllLines(settings.posts())) {
            if (!line.isBlank()) {
                String[] f = line.split(",");
                postOf.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
            }
        }
        if (accounts.size() < settings.connections() + 1) {
            throw new IllegalArgumentException("needs " + (settings.connections() + 1) + " accounts (one posts), has "
                    + accounts.size());
        }
        this.sockets = new Socket[settings.connections()];
    }

    void run() throws Exception {
        long rssBefore = rssKb("VmRSS");
        print("server RSS before: %d MB", rssBefore / 1024);
        connect();
        Thread.sleep(5_000);
        print("server RSS with %d sockets open: %d MB (peak so far %d MB); server counts %s connections",
                open(), rssKb("VmRSS") / 1024, rssKb("VmHWM") / 1024, serverConnections());
        likes("warm-up likes (not counted)", settings.warmupSeconds());
        likes("likes", settings.likeSeconds());
        print("server RSS after the likes: %d MB (peak so far %d MB)", rssKb("VmRSS") / 1024, rssKb("VmHWM") / 1024);
        publicPosts();
        print("server RSS after the public posts: %d MB (peak %d MB); %d sockets still open, %d frames received",
                rssKb("VmRSS") / 1024, rssKb("VmHWM") / 1024, open(), frames.get());
    }

    // --- Phase 1: the sockets -------------------------------------------------------------------

    private void connect() throws InterruptedException {
        long started = System.nanoTime();
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < sockets.length; i++) {
            connecting.acquire();
            if (i > 0 && i % 1000 == 0) {
                print("  %d sockets asked for, %.1f s", i, (System.nanoTime() - started) / 1e9);
            }
            Socket socket = new Socket(i);
            sockets[i] = socket;
            String url = settings.baseUrl().replaceFirst("^http", "ws") + "/api/v1/streaming?stream=user&access_token="
                    + accounts.get(i).token();
            http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(URI.create(url), socket)
                    .whenComplete((ws, error) -> {
                        connecting.release();
                        if (error != null && failed.incrementAndGet() <= 3) {
                            System.err.println("socket " + socket.index + " failed: " + error);
                        }
                    });
        }
        connecting.acquire(CONNECTING_AT_ONCE);
        print("opened %d of %d sockets in %.1f s (%d failed)", open(), sockets.length,
                (System.nanoTime() - started) / 1e9, failed.get());
    }

    private int open() {
        int count = 0;
        for (Socket socket : sockets) {
            if (socket != null && socket.ws != null && !socket.closed) {
                count++;
            }
        }
        return count;
    }

    // --- Phase 2: likes -------------------------------------------------------------------------

    /**
     * Likes at the set rate for {@code seconds}, then waits (bounded) for their notifications.
     * Like number k (counted over the whole run) is by the account after the author by
     * 1 + k / n places, so every (liker, post) pair is new and each like makes a notification.
     */
    private void likes(String name, int seconds) throws InterruptedException {
        int n = sockets.length;
        int total = (int) Math.round(settings.likeRate() * seconds);
        long interval = (long) (1e9 / settings.likeRate());
        print("%s: %d likes at %.1f/s on the posts of accounts that listen", name, total, settings.likeRate());
        likeLatencies.clear();
        likeResponseTimes.clear();
        likeErrors.set(0);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++, likesSent++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int author = (int) (likesSent % n);
            Account liker = accounts.get((int) ((author + 1 + likesSent / n) % n));
            like(postOf.get(accounts.get(author).id()), liker);
        }
        long sending = System.nanoTime() - start;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
        while (!pendingLikes.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        print("  %d sent in %.1f s, %d errors, %d notifications never came (in %d s)", total, sending / 1e9,
                likeErrors.get(), pendingLikes.size(), settings.timeoutSeconds());
        print("  like to its notification frame: %s", Percentiles.summary(likeLatencies));
        print("  like's HTTP response:            %s", Percentiles.summary(likeResponseTimes));
        pendingLikes.clear();
    }

    private void like(long statusId, Account liker) {
        String key = statusId + " " + liker.id();
        long sent = System.nanoTime();
        pendingLikes.put(key, sent);
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/v1/statuses/" + statusId + "/favourite"))
                .header("Authorization", "Bearer " + liker.token())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() != 200) {
                pendingLikes.remove(key);
                if (likeErrors.incrementAndGet() <= 3) {
                    System.err.println("like failed: " + (error != null ? error : response.statusCode()));
                }
            } else {
                likeResponseTimes.add(System.nanoTime() - sent);
            }
        });
    }

    private void notified(String payload) {
        Matcher liker = NOTIFICATION_ACCOUNT.matcher(payload);
        Matcher status = NOTIFICATION_STATUS.matcher(payload);
        if (payload.contains("\"type\":\"favourite\"") && liker.find() && status.find()) {
            Long sent = pendingLikes.remove(status.group(1) + " " + liker.group(1));
            if (sent != null) {
                likeLatencies.add(System.nanoTime() - sent);
            }
        }
    }

    // --- Phase 3: public posts ------------------------------------------------------------------

    private void publicPosts() throws Exception {
        for (Socket socket : sockets) {
            if (socket.ws != null && !socket.closed) {
                socket.ws.sendText("{\"type\":\"subscribe\",\"stream\":\"public\"}", true);
            }
        }
        // No answer says a subscription is in place; the first post (not counted) shows it is.
        Thread.sleep(5_000);
        Account poster = accounts.get(sockets.length);
        print("public posts: %d, each to the %d sockets on public (the first one a warm-up, not counted)",
                settings.publicPosts(), open());
        List<Long> lasts = new ArrayList<>();
        for (int round = 0; round <= settings.publicPosts(); round++) {
            String mediaId = upload(poster);
            arrivals = new AtomicLongArray(sockets.length);
            arrived.set(0);
            long sent = System.nanoTime();
            trackedPost = -1;
            String body = "{\"status\":\"Streaming benchmark, round " + round + "\",\"visibility\":\"public\",\"media_ids\":[\""
                    + mediaId + "\"]}";
            long statusId = post(poster, body, sent);
            long deadline = sent + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
            int expected = open();
            while (arrived.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long[] delays = delays(sent);
            // Late frames of this post must not count for the next.
            arrivals = null;
            String line = String.format(Locale.ROOT, "post %d (%d): %d of %d sockets got it; %s", round, statusId,
                    delays.length, expected, Percentiles.summary(Arrays.stream(delays).boxed().toList()));
            print("  %s%s", round == 0 ? "warm-up " : "", line);
            if (round > 0 && delays.length > 0) {
                lasts.add(delays[delays.length - 1]);
            }
            Thread.sleep(2_000);
        }
        print("  the last socket's update, over the counted posts: %s", Percentiles.summary(lasts));
    }

    /** The socket's arrival times after {@code sent}, sorted; those that never came are left out. */
    private long[] delays(long sent) {
        AtomicLongArray times = arrivals;
        long[] delays = new long[times.length()];
        int count = 0;
        for (int i = 0; i < times.length(); i++) {
            if (times.get(i) != 0) {
                delays[count++] = times.get(i) - sent;
            }
        }
        long[] result = Arrays.copyOf(delays, count);
        Arrays.sort(result);
        return result;
    }

    /**
     * Posts and returns the status id. The frames can come before the response: until the id is
     * known, any public update counts as this post's (one poster, one post at a time).
     */
    private long post(Account poster, String body, long sent) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/v1/statuses"))
                .header("Authorization", "Bearer " + poster.token())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("posting failed: " + response.statusCode() + " " + response.body());
        }
        Matcher id = QUOTED_ID.matcher(response.body());
        id.find();
        trackedPost = Long.parseLong(id.group(1));
        return trackedPost;
    }

    /** A photo through POST /api/v1/media, which answers once it is processed. */
    private String upload(Account poster) throws IOException, InterruptedException {
        String boundary = "bench" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(photo());
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/v1/media"))
                .header("Authorization", "Bearer " + poster.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("uploading failed: " + response.statusCode() + " " + response.body());
        }
        Matcher id = QUOTED_ID.matcher(response.body());
        id.find();
        return id.group(1);
    }

    private static byte[] photo() throws IOException {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.getHSBColor((float) Math.random(), 0.6f, 0.8f));
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private void updated(int socket, String payload, long at) {
        Matcher id = QUOTED_ID.matcher(payload);
        AtomicLongArray times = arrivals;
        if (times == null || !id.find()) {
            return;
        }
        long tracked = trackedPost;
        if ((tracked == -1 || tracked == Long.parseLong(id.group(1))) && times.compareAndSet(socket, 0, at)) {
            arrived.incrementAndGet();
        }
    }

    // --- The sockets ----------------------------------------------------------------------------

    /** One account's socket; its frames are read as they come, nothing kept but the timings. */
    private final class Socket implements WebSocket.Listener {

        private final int index;
        private volatile WebSocket ws;
        private volatile boolean closed;
        private StringBuilder partial;

        Socket(int index) {
            this.index = index;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long at = System.nanoTime();
            if (!last) {
                (partial == null ? partial = new StringBuilder() : partial).append(data);
            } else {
                String frame = partial == null ? data.toString() : partial.append(data).toString();
                partial = null;
                frame(frame, at);
            }
            webSocket.request(1);
            return null;
        }

        private void frame(String frame, long at) {
            frames.incrementAndGet();
            Frame parsed = Frame.parse(frame);
            if (parsed == null) {
                return;
            }
            if (parsed.event().equals("notification")) {
                notified(parsed.payload());
            } else if (parsed.event().equals("update") && parsed.stream().equals("public")) {
                updated(index, parsed.payload(), at);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }
    }

    /** The parts of {@code {"stream":[...],"event":...,"payload":"..."}} the bench reads. */
    record Frame(String stream, String event, String payload) {

        private static final Pattern SHAPE = Pattern.compile(
                "^\\{\"stream\":\\[\"([^\"]*)\"[^\\]]*\\],\"event\":\"([^\"]+)\",\"payload\":\"(.*)\"\\}$", Pattern.DOTALL);

        static Frame parse(String text) {
            Matcher m = SHAPE.matcher(text);
            return m.matches() ? new Frame(m.group(1), m.group(2), unescape(m.group(3))) : null;
        }

        /** Enough of JSON's string escapes for the ids and keys read here. */
        private static String unescape(String s) {
            return s.replace("\\\"", "\"").replace("\\\\", "\\");
        }
    }

    /** Nearest-rank percentiles of durations in nanoseconds, printed in milliseconds. */
    static final class Percentiles {

        static long of(long[] sorted, double percentile) {
            if (sorted.length == 0) {
                throw new IllegalArgumentException("no values");
            }
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
        }

        static String summary(List<Long> values) {
            long[] sorted;
            synchronized (values) {
                sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            }
            if (sorted.length == 0) {
                return "no values";
            }
            return String.format(Locale.ROOT, "n=%d p50=%d ms p90=%d ms p99=%d ms max=%d ms", sorted.length,
                    ms(of(sorted, 50)), ms(of(sorted, 90)), ms(of(sorted, 99)), ms(sorted[sorted.length - 1]));
        }

        private static long ms(long nanos) {
            return Math.round(nanos / 1e6);
        }
    }

    // --- The server -----------------------------------------------------------------------------

    private long rssKb(String field) throws IOException {
        Matcher m = VM_LINE.matcher(Files.readString(Path.of("/proc/" + settings.serverPid() + "/status")));
        while (m.find()) {
            if (m.group(1).equals(field)) {
                return Long.parseLong(m.group(2));
            }
        }
        return -1;
    }

    private String serverConnections() {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(settings.managementUrl() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("^graminsta_streaming_connections\\S* (\\S+)$", Pattern.MULTILINE).matcher(metrics);
            return m.find() ? m.group(1) : "?";
        } catch (IOException | InterruptedException e) {
            return "? (" + e + ")";
        }
    }

    private static void print(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
    }
}
