package org.duban.notification.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

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

    /** Why a webhook may not reach {@code address}, or empty if it may. */
    static Optional<String> refusal(InetAddress address, boolean allowLoopback) {
        Optional<Inet4Address> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return refusal(embedded.get(), allowLoopback);
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of("a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        if (address.isSiteLocalAddress() || isPrivateBeyondTheJdk(address)) {
            return Optional.of("a private address");
        }
        return Optional.empty();
    }

    /** IPv6 unique local fc00::/7; IPv4 CGNAT 100.64.0.0/10, "this network" 0.0.0.0/8, the limited broadcast. */
    private static boolean isPrivateBeyondTheJdk(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        boolean broadcast = first == 255 && second == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255;
        return first == 0 || (first == 100 && (second & 0xc0) == 64) || broadcast;
    }

    /** The IPv4 address inside an IPv4-compatible, IPv4-mapped or NAT64 (64:ff9b::/96) IPv6 address. */
    private static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0
                && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1)); // not :: or ::1
        boolean nat64 = b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!(mapped || compatible || nat64)) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
        } catch (UnknownHostException e) {
            return Optional.empty(); // four bytes are always an address
        }
    }
}
