package com.graminsta.lab.measure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Keyspace hits and misses of one Redis, from INFO stats: the cache hit ratio of stage 6 on.
 * No stage before 6 has a Redis, so nothing calls this yet but the probe, for components named
 * redis*.
 */
record RedisStats(String name, int port) {

    /** {hits, misses} now. */
    long[] read() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("INFO stats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            // A bulk string: $<length>\r\n<payload>\r\n
            StringBuilder header = new StringBuilder();
            for (int c = in.read(); c != '\n' && c != -1; c = in.read()) {
                header.append((char) c);
            }
            int length = Integer.parseInt(header.toString().strip().substring(1));
            String info = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new long[] {field(info, "keyspace_hits"), field(info, "keyspace_misses")};
        }
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).strip());
            }
        }
        return 0;
    }
}
