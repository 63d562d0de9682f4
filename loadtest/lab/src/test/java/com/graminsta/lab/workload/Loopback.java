package com.graminsta.lab.workload;

import java.net.URI;

/**
 * The lab sends traffic to this machine only. The API's address is checked before a run
 * (./graminsta lab run), but the photo, next-page and upload URLs come from the server's answers:
 * each is checked here before it is fetched.
 */
final class Loopback {

    private Loopback() {
    }

    static boolean is(String url) {
        try {
            String host = URI.create(url).getHost();
            if (host == null) {
                return false;
            }
            return host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
                    || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
