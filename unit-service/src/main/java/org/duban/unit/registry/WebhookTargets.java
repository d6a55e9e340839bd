package org.duban.unit.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.platform.net.PublicAddresses;
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

    /** Why a webhook may not reach {@code address}, or empty if it may (platform's rule, shared with notification-service). */
    static Optional<String> refusal(InetAddress address) {
        return PublicAddresses.refusal(address);
    }
}
