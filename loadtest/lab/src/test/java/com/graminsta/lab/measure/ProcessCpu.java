package com.graminsta.lab.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of processes, from /proc (Linux). A component is a process and its descendants
 * (nginx's workers, PostgreSQL's backends): their user and system time, and that of the children
 * they reaped, which is where an exited backend's time goes.
 */
final class ProcessCpu {

    record Process(long pid, long parent, long ticks) {
    }

    private ProcessCpu() {
    }

    /** Every process now, by pid. */
    static Map<Long, Process> snapshot() {
        Map<Long, Process> processes = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                Process process = read(entry.resolve("stat"));
                if (process != null) {
                    processes.put(process.pid(), process);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc: the lab measures CPU on Linux only", e);
        }
        return processes;
    }

    /** Clock ticks of {@code root} and its descendants, leaving out the subtrees of {@code others}. */
    static long treeTicks(Map<Long, Process> processes, long root, Collection<Long> others) {
        Map<Long, List<Long>> children = new HashMap<>();
        for (Process process : processes.values()) {
            children.computeIfAbsent(process.parent(), k -> new java.util.ArrayList<>()).add(process.pid());
        }
        Set<Long> skip = new HashSet<>(others);
        skip.remove(root);
        long ticks = 0;
        Deque<Long> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            long pid = todo.pop();
            Process process = processes.get(pid);
            if (process == null || skip.contains(pid)) {
                continue;
            }
            ticks += process.ticks();
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return ticks;
    }

    /** Busy and total clock ticks of the whole machine (all cores), from /proc/stat. */
    static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long user = Long.parseLong(fields[1]), nice = Long.parseLong(fields[2]), system = Long.parseLong(fields[3]);
            long idle = Long.parseLong(fields[4]), iowait = Long.parseLong(fields[5]), irq = Long.parseLong(fields[6]);
            long softirq = Long.parseLong(fields[7]), steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/stat", e);
        }
    }

    /** USER_HZ: the unit of /proc's times (100 on every common Linux). */
    static long ticksPerSecond() {
        try {
            java.lang.Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** One /proc/PID/stat line: the command may hold spaces and parentheses, so fields count from the last ')'. */
    static Process read(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return null; // gone meanwhile
        }
        int close = line.lastIndexOf(')');
        long pid = Long.parseLong(line.substring(0, line.indexOf(' ')).strip());
        String[] fields = line.substring(close + 2).trim().split("\\s+");
        // After the command: state, ppid, ... utime (12th), stime, cutime, cstime.
        long parent = Long.parseLong(fields[1]);
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        return new Process(pid, parent, ticks);
    }
}
