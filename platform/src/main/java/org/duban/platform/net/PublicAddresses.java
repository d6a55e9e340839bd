package org.duban.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a call the platform makes on a user's behalf (a unit's webhook) may reach: public ones only, so a URL
 * cannot turn a service into a proxy into its own network (server-side request forgery). Refused: loopback, link-local
 * (169.254.169.254 is the cloud metadata service), private (RFC 1918, fc00::/7, 100.64.0.0/10), multicast and
 * unspecified addresses, "this network" and the limited broadcast, also as an IPv4 address inside an IPv6 one.
 * unit-service checks a webhook URL when it is registered and notification-service again when it sends (DNS may
 * point a name elsewhere later): both ask this class.
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    /** Why an outbound call may not reach {@code address}, or empty if it may. */
    public static Optional<String> refusal(InetAddress address) {
        return refusal(address, false);
    }

    /**
     * The same, with loopback allowed when {@code allowLoopback} (dev and test, whose receivers listen on 127.0.0.1;
     * never in production).
     */
    public static Optional<String> refusal(InetAddress address, boolean allowLoopback) {
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

    /**
     * What {@link InetAddress} has no test for, by hand (no maintained library here classifies these ranges): IPv6
     * unique local addresses fc00::/7, the IPv4 shared
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
