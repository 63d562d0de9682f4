import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * The yardstick of the profile benchmark: the JDK's own HTTP server on virtual threads, answering
 * every request with the bytes of one file as JSON. No framework, no database, no cache: what
 * serving those bytes costs on this machine, through the same loopback and load generator.
 *
 * <pre>java BareServer.java PORT FILE</pre>
 */
public class BareServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("Serving " + body.length + " bytes on port " + port);
    }
}
