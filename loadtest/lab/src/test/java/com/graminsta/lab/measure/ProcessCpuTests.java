package com.graminsta.lab.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTests {

    @TempDir
    Path dir;

    @Test
    void readsTimesAfterACommandWithSpacesAndParentheses() throws Exception {
        Path stat = dir.resolve("stat");
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        Files.writeString(stat, "4242 (post gres: (x)) S 17 4242 4242 0 -1 4194560 10 0 0 0 150 30 7 3 20 0 1 0\n");
        ProcessCpu.Process process = ProcessCpu.read(stat);
        assertThat(process.pid()).isEqualTo(4242);
        assertThat(process.parent()).isEqualTo(17);
        assertThat(process.ticks()).isEqualTo(150 + 30 + 7 + 3);
    }

    @Test
    void aComponentIsItsProcessAndDescendantsButNotAnotherComponent() {
        Map<Long, ProcessCpu.Process> processes = Map.of(
                10L, new ProcessCpu.Process(10, 1, 100),   // nginx master
                11L, new ProcessCpu.Process(11, 10, 40),   // its worker
                12L, new ProcessCpu.Process(12, 11, 5),    // a grandchild
                20L, new ProcessCpu.Process(20, 10, 1000), // another component started by it
                21L, new ProcessCpu.Process(21, 20, 1000),
                30L, new ProcessCpu.Process(30, 1, 7));    // unrelated
        assertThat(ProcessCpu.treeTicks(processes, 10, List.of(10L, 20L))).isEqualTo(145);
        assertThat(ProcessCpu.treeTicks(processes, 20, List.of(10L, 20L))).isEqualTo(2000);
    }

    @Test
    void thisProcessHasATree() {
        Map<Long, ProcessCpu.Process> now = ProcessCpu.snapshot();
        long self = ProcessHandle.current().pid();
        assertThat(now).containsKey(self);
        assertThat(ProcessCpu.treeTicks(now, self, List.of())).isPositive();
        long[] machine = ProcessCpu.machineTicks();
        assertThat(machine[1]).isGreaterThanOrEqualTo(machine[0]).isPositive();
    }
}
