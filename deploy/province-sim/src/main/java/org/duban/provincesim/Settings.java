package org.duban.provincesim;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link ProvinceSim} is configured with. Build with {@link #builder()}; every setting has a default usable in
 * tests except the credentials, which default to the clearly-marked demo values of {@link #DEMO_PROVINCE_SECRET} and
 * {@link #DEMO_COUNTY_SECRET} (never production values).
 *
 * @param role               which side this instance plays: the province (the default) or, for tests of the stand-in
 *                           itself, a county talking to another instance
 * @param bindAddress        the address the server listens on; loopback by default
 * @param port               the port; 0 picks a free one
 * @param provinceAppKey     the province's app key (X-App-Key of what the province sends)
 * @param provinceSecret     the province's HMAC-SM3 secret, or null
 * @param provinceSm2PrivateKey base64 PKCS#8 SM2 private key of the province (to sign as the province), or null
 * @param provinceSm2PublicKey base64 X.509 SM2 public key of the province (to verify the province), or null
 * @param countyAppKey       the county's app key, as registered at the province
 * @param countySecret       the county's HMAC-SM3 secret, or null
 * @param countySm2PrivateKey base64 PKCS#8 SM2 private key of the county (only when this instance plays the county)
 * @param countySm2PublicKey base64 X.509 SM2 public key of the county (to verify what the county sends), or null
 * @param signMethod         how this instance signs what it sends, unless a send says otherwise
 * @param peerUrl            the other side's base URL: for the province, the county's province-gateway (messages go to
 *                           {@code peerUrl + "/api/province/messages"}); null when nothing is pushed
 * @param provinceOrg        the province's organisation code (senderOrg of its messages)
 * @param countyOrg          the county's organisation code (receiverOrg of the province's messages)
 * @param clock              the clock for timestamps, sendTime, the 5-minute window and the 10-minute nonce memory
 * @param sendTimeout        how long a send waits for the answer
 * @param hangLimit          how long {@link Mode#HANG} holds a request at most
 * @param strictFlow         whether county messages about a task this instance never issued are refused with code 3
 * @param controlApi         whether the {@code /sim/…} control API is served (the program turns it on)
 */
public record Settings(Role role, String bindAddress, int port,
        String provinceAppKey, String provinceSecret, String provinceSm2PrivateKey, String provinceSm2PublicKey,
        String countyAppKey, String countySecret, String countySm2PrivateKey, String countySm2PublicKey,
        SignMethod signMethod, URI peerUrl, String provinceOrg, String countyOrg, Clock clock,
        Duration sendTimeout, Duration hangLimit, boolean strictFlow, boolean controlApi) {

    /** Which side of docs/province-api.md an instance plays. */
    public enum Role {
        /** Receives at {@code /api/county/messages}, sends province → county types to {@code /api/province/messages}. */
        PROVINCE,
        /** Receives at {@code /api/province/messages}, sends county → province types to {@code /api/county/messages}. */
        COUNTY
    }

    /** DEMO VALUE, for dev and tests only. */
    public static final String DEMO_PROVINCE_APP_KEY = "hn-province-demo";
    /** DEMO VALUE, for dev and tests only: never use it anywhere real. */
    public static final String DEMO_PROVINCE_SECRET = "demo-province-secret-NOT-FOR-PRODUCTION";
    /** DEMO VALUE, for dev and tests only. */
    public static final String DEMO_COUNTY_APP_KEY = "zhongfang-county-demo";
    /** DEMO VALUE, for dev and tests only: never use it anywhere real. */
    public static final String DEMO_COUNTY_SECRET = "demo-county-secret-NOT-FOR-PRODUCTION";
    /** The example organisation codes of docs/province-api.md §3. */
    public static final String DEMO_PROVINCE_ORG = "11430000MB1D00000X";
    public static final String DEMO_COUNTY_ORG = "11431225MB1C00000Y";

    public Settings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(provinceAppKey, "provinceAppKey");
        Objects.requireNonNull(countyAppKey, "countyAppKey");
        Objects.requireNonNull(signMethod, "signMethod");
        Objects.requireNonNull(provinceOrg, "provinceOrg");
        Objects.requireNonNull(countyOrg, "countyOrg");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        Objects.requireNonNull(hangLimit, "hangLimit");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with these settings, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.role = role;
        b.bindAddress = bindAddress;
        b.port = port;
        b.provinceAppKey = provinceAppKey;
        b.provinceSecret = provinceSecret;
        b.provinceSm2PrivateKey = provinceSm2PrivateKey;
        b.provinceSm2PublicKey = provinceSm2PublicKey;
        b.countyAppKey = countyAppKey;
        b.countySecret = countySecret;
        b.countySm2PrivateKey = countySm2PrivateKey;
        b.countySm2PublicKey = countySm2PublicKey;
        b.signMethod = signMethod;
        b.peerUrl = peerUrl;
        b.provinceOrg = provinceOrg;
        b.countyOrg = countyOrg;
        b.clock = clock;
        b.sendTimeout = sendTimeout;
        b.hangLimit = hangLimit;
        b.strictFlow = strictFlow;
        b.controlApi = controlApi;
        return b;
    }

    /** The app key this instance signs with. */
    String ownAppKey() {
        return role == Role.PROVINCE ? provinceAppKey : countyAppKey;
    }

    String ownSecret() {
        return role == Role.PROVINCE ? provinceSecret : countySecret;
    }

    String ownSm2PrivateKey() {
        return role == Role.PROVINCE ? provinceSm2PrivateKey : countySm2PrivateKey;
    }

    /** The app key this instance accepts requests from. */
    String peerAppKey() {
        return role == Role.PROVINCE ? countyAppKey : provinceAppKey;
    }

    String peerSecret() {
        return role == Role.PROVINCE ? countySecret : provinceSecret;
    }

    String peerSm2PublicKey() {
        return role == Role.PROVINCE ? countySm2PublicKey : provinceSm2PublicKey;
    }

    String ownOrg() {
        return role == Role.PROVINCE ? provinceOrg : countyOrg;
    }

    String peerOrg() {
        return role == Role.PROVINCE ? countyOrg : provinceOrg;
    }

    /** Where this instance receives pushed messages. */
    String inboundPath() {
        return role == Role.PROVINCE ? "/api/county/messages" : "/api/province/messages";
    }

    /** Where on the peer this instance pushes its messages. */
    String outboundPath() {
        return role == Role.PROVINCE ? "/api/province/messages" : "/api/county/messages";
    }

    public static final class Builder {
        private Role role = Role.PROVINCE;
        private String bindAddress = "127.0.0.1";
        private int port = 0;
        private String provinceAppKey = DEMO_PROVINCE_APP_KEY;
        private String provinceSecret = DEMO_PROVINCE_SECRET;
        private String provinceSm2PrivateKey;
        private String provinceSm2PublicKey;
        private String countyAppKey = DEMO_COUNTY_APP_KEY;
        private String countySecret = DEMO_COUNTY_SECRET;
        private String countySm2PrivateKey;
        private String countySm2PublicKey;
        private SignMethod signMethod = SignMethod.HMAC_SM3;
        private URI peerUrl;
        private String provinceOrg = DEMO_PROVINCE_ORG;
        private String countyOrg = DEMO_COUNTY_ORG;
        private Clock clock = Clock.systemUTC();
        private Duration sendTimeout = Duration.ofSeconds(10);
        private Duration hangLimit = Duration.ofMinutes(10);
        private boolean strictFlow;
        private boolean controlApi;

        private Builder() {
        }

        public Builder role(Role role) {
            this.role = role;
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder provinceAppKey(String appKey) {
            this.provinceAppKey = appKey;
            return this;
        }

        public Builder provinceSecret(String secret) {
            this.provinceSecret = secret;
            return this;
        }

        /** The province's SM2 key pair: the private key to sign with, the public one to be verified with. */
        public Builder provinceSm2(GuoMi.Sm2KeyPair pair) {
            this.provinceSm2PrivateKey = pair == null ? null : pair.privateKey();
            this.provinceSm2PublicKey = pair == null ? null : pair.publicKey();
            return this;
        }

        public Builder provinceSm2PrivateKey(String base64Pkcs8) {
            this.provinceSm2PrivateKey = base64Pkcs8;
            if (base64Pkcs8 != null && provinceSm2PublicKey == null) {
                this.provinceSm2PublicKey = GuoMi.publicKeyOf(base64Pkcs8);
            }
            return this;
        }

        public Builder provinceSm2PublicKey(String base64X509) {
            this.provinceSm2PublicKey = base64X509;
            return this;
        }

        public Builder countyAppKey(String appKey) {
            this.countyAppKey = appKey;
            return this;
        }

        public Builder countySecret(String secret) {
            this.countySecret = secret;
            return this;
        }

        /** The county's SM2 public key, to verify what the county signs with SM3withSM2. */
        public Builder countySm2PublicKey(String base64X509) {
            this.countySm2PublicKey = base64X509;
            return this;
        }

        /** The county's SM2 key pair (only an instance playing the county needs the private key). */
        public Builder countySm2(GuoMi.Sm2KeyPair pair) {
            this.countySm2PrivateKey = pair == null ? null : pair.privateKey();
            this.countySm2PublicKey = pair == null ? null : pair.publicKey();
            return this;
        }

        public Builder signMethod(SignMethod signMethod) {
            this.signMethod = signMethod;
            return this;
        }

        /** The county's province-gateway base URL, e.g. {@code http://localhost:8085}. */
        public Builder gatewayUrl(URI url) {
            this.peerUrl = url;
            return this;
        }

        public Builder gatewayUrl(String url) {
            return gatewayUrl(url == null ? null : URI.create(url));
        }

        /** The other side's base URL (the same as {@link #gatewayUrl} for the province role). */
        public Builder peerUrl(URI url) {
            this.peerUrl = url;
            return this;
        }

        public Builder provinceOrg(String org) {
            this.provinceOrg = org;
            return this;
        }

        public Builder countyOrg(String org) {
            this.countyOrg = org;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = timeout;
            return this;
        }

        public Builder hangLimit(Duration limit) {
            this.hangLimit = limit;
            return this;
        }

        public Builder strictFlow(boolean strict) {
            this.strictFlow = strict;
            return this;
        }

        public Builder controlApi(boolean on) {
            this.controlApi = on;
            return this;
        }

        public Settings build() {
            return new Settings(role, bindAddress, port, provinceAppKey, provinceSecret, provinceSm2PrivateKey,
                    provinceSm2PublicKey, countyAppKey, countySecret, countySm2PrivateKey, countySm2PublicKey, signMethod,
                    peerUrl, provinceOrg, countyOrg, clock, sendTimeout, hangLimit, strictFlow, controlApi);
        }
    }
}
