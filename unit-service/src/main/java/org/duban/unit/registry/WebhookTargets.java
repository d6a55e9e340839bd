package org.duban.unit.registry;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.platform.problem.Problem;
import org.duban.unit.config.UnitConfig;

/**
 * Where a unit's webhook may point (issue 20, no server-side request forgery): an absolute https URL (plain
 * http only where {@code duban.unit.webhook.require-https} is off, the dev and test profiles) without user
 * information, whose host resolves — now, through DNS — to public addresses only: no loopback, link-local
 * (169.254.169.254 is the cloud metadata service), private (RFC 1918, fc00::/7, 100.64.0.0/10), multicast or
 * unspecified address, also not as an IPv4 address inside an IPv6 one. A name that does not resolve is refused
 * too. notification-service checks the address again when it sends (a name may be pointed elsewhere later).
 */
@ApplicationScoped
public class WebhookTargets {

    static final String FIELD = "webhookUrl";

    /** Resolves a host name to its addresses; the JDK's resolver in the service. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    @Inject
    UnitConfig config;

    /** The URL, stripped, or null for none; a 400 problem naming {@code webhookUrl} when it may not be used. */
    public String validated(String raw) {
        return check(raw, config.webhook().requireHttps(), InetAddress::getAllByName);
    }

    static String check(String raw, boolean requireHttps, Resolver resolver) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String url = raw.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw Problem.invalidField(FIELD, "is not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            throw Problem.invalidField(FIELD, (requireHttps ? "must be an absolute https URL: " : "must be an absolute http(s) URL: ") + url);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw Problem.invalidField(FIELD, "names no host: " + url);
        }
        if (uri.getRawUserInfo() != null) {
            throw Problem.invalidField(FIELD, "must not carry a user name or password: " + url);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw Problem.invalidField(FIELD, "host " + host + " cannot be resolved");
        }
        if (addresses.length == 0) {
            throw Problem.invalidField(FIELD, "host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            refusal(address).ifPresent(why -> {
                throw Problem.invalidField(FIELD, "host " + uri.getHost() + " is " + address.getHostAddress() + ", " + why
                        + "; a webhook must point at a public address");
            });
        }
        return url;
    }

    /** Why a webhook may not reach {@code address}, or empty if it may. */
    static Optional<String> refusal(InetAddress address) {
        Optional<Inet4Address> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return refusal(embedded.get());
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
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

    /**
     * What {@link InetAddress} has no test for, by hand: IPv6 unique local addresses fc00::/7, the IPv4 shared
     * address space 100.64.0.0/10 (carrier-grade NAT), "this network" 0.0.0.0/8 and the limited broadcast.
     */
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

    /**
     * The IPv4 address inside an IPv4-compatible (::a.b.c.d), IPv4-mapped (::ffff:a.b.c.d; the JDK mostly turns
     * these into IPv4 already) or NAT64 (64:ff9b::a.b.c.d) IPv6 address: it reaches that IPv4 host.
     */
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
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && List.of(4, 5, 6, 7, 8, 9, 10, 11).stream().allMatch(i -> b[i] == 0);
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
