package com.graminsta.lab.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTests {

    @TempDir
    Path dir;

    @Test
    void mavidTakesAFifthOfProfileViewsAndTheRestFallOffByRank() throws IOException {
        Users users = Users.load(csv(1000));
        int[] views = new int[1001];
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            views[users.profileToView().rank()]++;
        }
        assertThat(views[1] / (double) draws).isBetween(0.19, 0.21);
        // Zipf with exponent 1 over ranks 2..N: rank 2 twice as often as rank 3, ten times rank 11.
        assertThat(views[2] / (double) views[3]).isBetween(1.8, 2.2);
        assertThat(views[2] / (double) views[11]).isBetween(8.0, 12.5);
        assertThat(views[1000]).isLessThan(views[100]);
    }

    @Test
    void anyoneMayOpenTheApp() throws IOException {
        Users users = Users.load(csv(10));
        boolean[] seen = new boolean[11];
        for (int i = 0; i < 10_000; i++) {
            seen[users.anyone().rank()] = true;
        }
        for (int rank = 1; rank <= 10; rank++) {
            assertThat(seen[rank]).as("rank %d", rank).isTrue();
        }
    }

    @Test
    void ranksMayComeInAnyOrder() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv(5)));
        Collections.reverse(lines.subList(1, lines.size()));
        Path shuffled = dir.resolve("shuffled.csv");
        Files.write(shuffled, lines);
        assertThat(Users.load(shuffled).mavid().username()).isEqualTo("mavid");
    }

    @Test
    void aFileWithoutTheExpectedHeaderIsRefused() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "id,name\n1,mavid\n");
        assertThatThrownBy(() -> Users.load(bad)).hasMessageContaining("rank,account_id,username,token");
    }

    private Path csv(int count) throws IOException {
        StringBuilder csv = new StringBuilder("rank,account_id,username,token\n");
        for (int rank = 1; rank <= count; rank++) {
            csv.append(rank).append(',').append(1000 + rank).append(',')
                    .append(rank == 1 ? "mavid" : "user" + rank).append(",token").append(rank).append('\n');
        }
        Path file = dir.resolve("users-" + count + ".csv");
        Files.writeString(file, csv);
        return file;
    }
}
