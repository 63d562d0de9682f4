package com.graminsta.lab.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The dataset's accounts, from users.csv ({@code rank,account_id,username,token}; rank 1 is the
 * most-followed, mavid), and the two ways the workload picks one: who opens the app (any account,
 * uniformly) and whose profile gets viewed (mavid for {@link Mix#MAVID_SHARE} of views, the rest
 * Zipf-distributed over the follower ranks).
 */
public final class Users {

    public record User(int rank, String accountId, String username, String token) {
    }

    private final User[] byRank;
    /** cumulative[i]: the probability that a non-mavid view lands on rank i + 2 or better. */
    private final double[] cumulative;

    Users(List<User> users) {
        if (users.size() < 2) {
            throw new IllegalArgumentException("users.csv needs at least 2 accounts, has " + users.size());
        }
        this.byRank = users.stream().sorted((a, b) -> Integer.compare(a.rank(), b.rank())).toArray(User[]::new);
        this.cumulative = zipfCumulative(byRank.length - 1, Mix.ZIPF_EXPONENT);
    }

    public static Users load(Path csv) {
        List<User> users = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(csv);
            if (lines.isEmpty() || !lines.getFirst().strip().equals("rank,account_id,username,token")) {
                throw new IllegalArgumentException(csv + ": expected the header rank,account_id,username,token");
            }
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.strip().split(",", -1);
                if (fields.length != 4) {
                    throw new IllegalArgumentException(csv + ": not 4 fields: " + line);
                }
                users.add(new User(Integer.parseInt(fields[0]), fields[1], fields[2], fields[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + csv + "; make it with ./graminsta lab dataset", e);
        }
        return new Users(users);
    }

    public int size() {
        return byRank.length;
    }

    public User mavid() {
        return byRank[0];
    }

    /** Whoever opens the app: every account alike. */
    public User anyone() {
        return byRank[ThreadLocalRandom.current().nextInt(byRank.length)];
    }

    /** A profile to view: mavid with {@link Mix#MAVID_SHARE}, else rank k >= 2 with weight 1 / (k - 1)^s. */
    public User profileToView() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() < Mix.MAVID_SHARE) {
            return byRank[0];
        }
        return byRank[1 + sample(cumulative, random.nextDouble())];
    }

    static double[] zipfCumulative(int n, double exponent) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = total;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= total;
        }
        return cumulative;
    }

    /** The first index whose cumulative probability reaches {@code u}. */
    static int sample(double[] cumulative, double u) {
        int found = Arrays.binarySearch(cumulative, u);
        int index = found >= 0 ? found : -found - 1;
        return Math.min(index, cumulative.length - 1);
    }
}
