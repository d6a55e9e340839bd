package org.duban.notification.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import org.duban.platform.net.PublicAddresses;

/**
 * Where a webhook may be sent, checked again at every send (issue 20, no server-side request forgery): unit-service
 * checked the URL when it was registered, but a DNS name can be pointed elsewhere afterwards. The URL must be https
 * (plain http only when {@code require-https} is off, the dev and test profiles), carry no user information, and every
 * address its host resolves to <em>now</em> must be public: no loopback (unless {@code allow-loopback}, dev and test),
 * link-local (169.254.169.254, the cloud metadata service), private (RFC 1918, fc00::/7), CGNAT (100.64.0.0/10),
 * "this network" 0.0.0.0/8, broadcast, multicast or unspecified address, also not as an IPv4 address inside an IPv6
 * one. The caller then connects to the {@link #address()} checked here, not to a second lookup of the name.
 *
 * <p>The same rules as unit-service's {@code registry/WebhookTargets}, written again here because a service does not
 * import another's code (they belong in platform; see the README). The JDK has no test for CGNAT, unique local
 * IPv6 or embedded IPv4 addresses, hence the hand-written byte tests.
 */
public record WebhookTarget(URI uri, String host, int port, boolean https, InetAddress address) {

    /** The URL may not be called: a permanent refusal, never retried. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** Resolves a host name to its addresses; the JDK's resolver in the service. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static WebhookTarget check(String url, boolean requireHttps, boolean allowLoopback) throws Refused {
        return check(url, requireHttps, allowLoopback, InetAddress::getAllByName);
    }

    static WebhookTarget check(String url, boolean requireHttps, boolean allowLoopback, Resolver resolver) throws Refused {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new Refused("webhook URL is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            throw new Refused(requireHttps ? "webhook URL must be https" : "webhook URL must be http(s)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("webhook URL names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("webhook URL must not carry a user name or password");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("webhook host " + host + " cannot be resolved");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("webhook host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            Optional<String> why = refusal(address, allowLoopback);
            if (why.isPresent()) {
                throw new Refused("webhook host " + host + " is " + address.getHostAddress() + ", " + why.get()
                        + "; a webhook must point at a public address");
            }
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        return new WebhookTarget(uri, host, port, https, addresses[0]);
    }

    /** Why a webhook may not reach {@code address}, or empty if it may: platform's rule, as unit-service checks it. */
    static Optional<String> refusal(InetAddress address, boolean allowLoopback) {
        return PublicAddresses.refusal(address, allowLoopback);
    }
}
