package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process and all its descendants, read from Linux's {@code /proc}: the app node, or
 * PostgreSQL's postmaster with its backends. Exited children count through {@code cutime/cstime}.
 */
final class ProcessCpu {

    private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ is 100 on Linux

    private ProcessCpu() {
    }

    static long treeNanos(long root) {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(path -> {
                try {
                    String stat = Files.readString(path.resolve("stat"));
                    // the command name may hold spaces and parentheses: fields are counted after its last ')'
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(path.getFileName().toString());
                    children.computeIfAbsent(Long.parseLong(fields[1]), parent -> new ArrayList<>()).add(pid);
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                            + Long.parseLong(fields[14]));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while the list was read
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        long total = 0;
        Deque<Long> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            long pid = todo.pop();
            total += ticks.getOrDefault(pid, 0L);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return total * NANOS_PER_TICK;
    }

    /** The postmaster of an embedded server: the first line of {@code postmaster.pid} in its data directory. */
    static long postmaster(Path dataDirectory) throws IOException {
        try (Stream<Path> files = Files.walk(dataDirectory, 3)) {
            Path pidFile = files.filter(path -> path.getFileName().toString().equals("postmaster.pid")).findFirst()
                    .orElseThrow(() -> new IOException("no postmaster.pid under " + dataDirectory));
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        }
    }
}
