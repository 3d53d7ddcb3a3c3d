package io.switchboard.platform;

import io.vertx.core.http.HttpServerRequest;

/** What the server can tell about a client from its request, for rate limits and the device list. */
public final class ClientInfo {

    private ClientInfo() {
    }

    public static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** A short browser description from the User-Agent ("Chrome 156 on Linux"); informational only. */
    public static String browser(HttpServerRequest request) {
        String agent = request.getHeader("User-Agent");
        if (agent == null || agent.isBlank()) {
            return "Unknown browser";
        }
        String browser = agent.contains("Edg/") ? "Edge" : agent.contains("Firefox/") ? "Firefox"
                : agent.contains("Chrome/") || agent.contains("Chromium/") ? "Chrome"
                : agent.contains("Safari/") ? "Safari" : agent.startsWith("Switchboard") ? "Switchboard client" : "Browser";
        String os = agent.contains("Windows") ? "Windows" : agent.contains("Mac OS") ? "macOS" : agent.contains("Android") ? "Android"
                : agent.contains("iPhone") || agent.contains("iPad") ? "iOS" : agent.contains("Linux") ? "Linux" : "";
        String described = os.isEmpty() ? browser : browser + " on " + os;
        return described.length() > 200 ? described.substring(0, 200) : described;
    }
}
