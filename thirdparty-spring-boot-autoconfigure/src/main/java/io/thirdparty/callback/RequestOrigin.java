package io.thirdparty.callback;

import java.net.InetAddress;

/**
 * Where a request came from, as far as the direct peer and trusted proxies tell.
 *
 * @param secure whether the client's connection was HTTPS
 * @param address the client's address as text, the key of its rate limit
 * @param inetAddress the client's address, or {@code null} when a trusted proxy gave a
 * value that is not an IP address (such as {@code unknown})
 */
public record RequestOrigin(boolean secure, String address, InetAddress inetAddress) {
}
